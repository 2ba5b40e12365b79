package dev.consentgate.core.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a {@link ConsentGateConfig} from one JSON file.
 *
 * <p>The file is one JSON object; every key is optional, and a missing key keeps the builder's default, so
 * {@code {}} is a valid configuration with only the necessary category. Example:
 *
 * <pre>{@code
 * {
 *   "revision": 3,
 *   "mode": "opt-in",
 *   "acceptLifetime": "P365D",
 *   "refusalLifetime": "P182D",
 *   "unclassifiedCookies": "allow-when-all-granted",
 *   "categories": [
 *     {"id": "preferences", "title": "Preferences", "description": "Remember your language.",
 *      "cookies": {"names": ["lang"]}},
 *     {"id": "analytics", "title": "Analytics", "description": "Count visits.",
 *      "cookies": {"names": ["_ga", "_gid"], "prefixes": ["_ga_", "_gat"], "patterns": ["_hj.*"]},
 *      "hosts": ["www.googletagmanager.com", "www.google-analytics.com"],
 *      "translations": {"de": {"title": "Statistik", "description": "Besuche zählen."}}}
 *   ],
 *   "consentCookie": {"name": "consentgate", "secure": "always"},
 *   "cookieDomains": ["example.com"],
 *   "cookiePaths": ["/"],
 *   "maxExpiryHeaders": 24,
 *   "endpoint": {"path": "/consent", "allowedOrigins": ["https://www.example.com"]},
 *   "secret": "k1:base64...",
 *   "tracking": {"enabled": true, "skipPaths": ["/static/", "/favicon.ico"],
 *                "fields": {"ip": "analytics", "adParams": "advertising"},
 *                "ip": "truncated", "browser": "family", "referrer": "origin",
 *                "clientIpHeader": "x-forwarded-for", "trustedProxies": ["10.0.0.0/8", "::1"]},
 *   "csp": {"mode": "enforce", "baseline": {"default-src": ["'self'"], "img-src": ["'self'", "data:"]}}
 * }
 * }</pre>
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Key</th><th>JSON type</th><th>Sets</th></tr>
 *   <tr><td>{@code revision}</td><td>integer</td><td>{@code ConsentPolicy.Builder.revision}</td></tr>
 *   <tr><td>{@code mode}</td><td>{@code "opt-in"}</td><td>{@code ConsentPolicy.Builder.mode}</td></tr>
 *   <tr><td>{@code acceptLifetime}, {@code refusalLifetime}</td><td>ISO-8601 duration ({@code P365D}; days,
 *       as {@link java.time.Duration#parse} has no months)</td><td>the policy lifetimes, at most P395D</td></tr>
 *   <tr><td>{@code unclassifiedCookies}</td><td>{@code "allow-when-all-granted"}, {@code "block"},
 *       {@code "allow"}</td><td>{@code ConsentPolicy.Builder.unclassifiedCookies}</td></tr>
 *   <tr><td>{@code categories}</td><td>array of objects</td><td>the categories, in order, after necessary</td></tr>
 *   <tr><td>{@code categories[].id}</td><td>string, required</td><td>the category id; {@code necessary}
 *       redefines the necessary category</td></tr>
 *   <tr><td>{@code categories[].title}, {@code .description}</td><td>string, required except for
 *       {@code necessary}</td><td>the banner texts</td></tr>
 *   <tr><td>{@code categories[].cookies}</td><td>object of {@code names}, {@code prefixes} and {@code patterns},
 *       each an array of strings</td><td>the category's {@code CookieMatchers}; patterns are
 *       {@link java.util.regex.Pattern} syntax matched against the whole name</td></tr>
 *   <tr><td>{@code categories[].hosts}</td><td>array of strings: {@code www.example.com}, {@code *.example.com},
 *       optionally with {@code https://} and a port</td><td>the hosts the category's tags load from, allowed by
 *       the Content-Security-Policy only once it is granted</td></tr>
 *   <tr><td>{@code categories[].translations}</td><td>object of language code ({@code de}) to {@code {"title",
 *       "description"}}, both required</td><td>the banner texts in other languages</td></tr>
 *   <tr><td>{@code consentCookie.name}</td><td>string</td><td>{@link ConsentGateConfig.Builder#cookieName}</td></tr>
 *   <tr><td>{@code consentCookie.secure}</td><td>{@code "auto"}, {@code "always"}, {@code "never"}</td>
 *       <td>{@link ConsentGateConfig.Builder#secureCookies}; see {@link SecureCookies} before using
 *       {@code auto}</td></tr>
 *   <tr><td>{@code cookieDomains}</td><td>array of strings</td>
 *       <td>{@link ConsentGateConfig.Builder#cookieDomains}</td></tr>
 *   <tr><td>{@code cookiePaths}</td><td>array of strings</td><td>{@link ConsentGateConfig.Builder#cookiePaths}</td>
 *       </tr>
 *   <tr><td>{@code maxExpiryHeaders}</td><td>integer</td>
 *       <td>{@link ConsentGateConfig.Builder#maxExpiryHeaders}</td></tr>
 *   <tr><td>{@code endpoint.path}</td><td>string</td><td>{@link ConsentGateConfig.Builder#endpointPath}</td></tr>
 *   <tr><td>{@code endpoint.allowedOrigins}</td><td>array of strings</td>
 *       <td>{@link ConsentGateConfig.Builder#allowedOrigins}</td></tr>
 *   <tr><td>{@code secret}</td><td>string, {@code keyId:base64[,keyId:base64...]}, newest first</td>
 *       <td>{@link ConsentGateConfig.Builder#signingKeys}; prefer the
 *       {@value dev.consentgate.core.consent.SigningKeys#ENVIRONMENT_VARIABLE} environment variable</td></tr>
 *   <tr><td>{@code tracking}</td><td>object</td><td>{@link ConsentGateConfig.Builder#tracking}, through
 *       {@link dev.consentgate.core.tracking.TrackingConfig.Builder}:</td></tr>
 *   <tr><td>{@code tracking.enabled}</td><td>boolean</td><td>{@code enabled}</td></tr>
 *   <tr><td>{@code tracking.skipPaths}</td><td>array of strings</td><td>{@code skipPaths}</td></tr>
 *   <tr><td>{@code tracking.fields}</td><td>object of {@code ip}, {@code browser}, {@code referrer}, {@code path},
 *       {@code adParams}, each a category id</td><td>{@code field}; a category other than the default must be
 *       one the policy defines</td></tr>
 *   <tr><td>{@code tracking.ip}</td><td>{@code "truncated"}, {@code "full"}, {@code "none"}</td>
 *       <td>{@code ip}</td></tr>
 *   <tr><td>{@code tracking.browser}</td><td>{@code "family"}, {@code "raw"}, {@code "none"}</td>
 *       <td>{@code browser}</td></tr>
 *   <tr><td>{@code tracking.referrer}</td><td>{@code "origin"}, {@code "full"}, {@code "none"}</td>
 *       <td>{@code referrer}</td></tr>
 *   <tr><td>{@code tracking.clientIpHeader}</td><td>{@code "x-forwarded-for"}, {@code "forwarded"}</td>
 *       <td>{@code clientIpHeader}</td></tr>
 *   <tr><td>{@code tracking.trustedProxies}</td><td>array of IP addresses and CIDR blocks</td>
 *       <td>{@code trustedProxies}</td></tr>
 *   <tr><td>{@code signals}</td><td>object of {@code precedence}, {@code gpc}, {@code tcf}, {@code cookiebot},
 *       {@code onetrust}, {@code cookieconsent}, {@code klaro}, {@code tarteaucitron}, {@code googleConsentMode}</td>
 *       <td>{@link ConsentGateConfig.Builder#signals}, through
 *       {@link dev.consentgate.core.signal.SignalsConfig.Builder}; see the README's configuration table</td></tr>
 *   <tr><td>{@code csp}</td><td>object</td><td>{@link ConsentGateConfig.Builder#csp}, through
 *       {@link dev.consentgate.core.csp.CspConfig.Builder}:</td></tr>
 *   <tr><td>{@code csp.mode}</td><td>{@code "enforce"}, {@code "report-only"}, {@code "off"}</td>
 *       <td>{@code mode}</td></tr>
 *   <tr><td>{@code csp.baseline}</td><td>object of directive name to an array of sources</td>
 *       <td>{@code baseline}, replacing the default one whole</td></tr>
 *   <tr><td>{@code catalog}</td><td>boolean, default false</td><td>whether the built-in
 *       {@link dev.consentgate.core.catalog.CookieCatalog#builtIn() cookie catalog} classifies names the categories
 *       do not list</td></tr>
 *   <tr><td>{@code openCookieDatabase.file}</td><td>string, required</td><td>an Open Cookie Database CSV, read by
 *       {@link dev.consentgate.core.catalog.OpenCookieDatabase}; asked after the categories, before the built-in
 *       catalog</td></tr>
 *   <tr><td>{@code openCookieDatabase.categories}</td><td>object of the database's category name to a category
 *       id</td><td>replaces the default mapping of those categories</td></tr>
 * </table>
 *
 * <p>The file goes through the same builders as code and init-params, so it is checked the same way. Unknown keys,
 * duplicate keys, JSON {@code null}, values of the wrong JSON type, fractions or out-of-range numbers where an
 * integer is expected, and anything after the top-level object are errors, never ignored. Every error is a
 * {@link ConfigException} whose message starts with the source and the JSON path of the bad field, such as
 * {@code /etc/app/consentgate.json: $.categories[1].cookies.patterns[0]: invalid regular expression: ...}. No
 * message shows the value of {@code secret}.
 *
 * <p>Thread-safe; holds no state.
 */
public final class ConfigLoader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // The caller of load(InputStream, String) owns the stream.
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    private static final String SECRET_PATH = "$.secret";

    private ConfigLoader() {
    }

    /**
     * Loads the configuration in {@code file}.
     *
     * @throws ConfigException naming the file, the JSON path of the bad field and what was expected
     */
    public static ConsentGateConfig load(Path file) {
        requireNonNull(file, "file");
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new ConfigException(source, null, "cannot read configuration: is a directory", null);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, source);
        } catch (IOException e) {
            throw cannotRead(source, e);
        }
    }

    /**
     * Loads the configuration in {@code json}; {@code sourceName} names it in error messages (a path or
     * {@code classpath:consentgate.json}). The stream is read to its end and not closed.
     *
     * @throws ConfigException naming the source, the JSON path of the bad field and what was expected
     */
    public static ConsentGateConfig load(InputStream json, String sourceName) {
        requireNonNull(json, "json");
        requireNonNull(sourceName, "sourceName");
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw malformed(sourceName, e);
        } catch (IOException e) {
            throw cannotRead(sourceName, e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new ConfigException(sourceName, null, "configuration is empty, expected a JSON object", null);
        }
        return ConfigReader.read(ConfigNode.root(sourceName, tree));
    }

    private static ConfigException malformed(String source, JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column "
                + location.getColumnNr();
        if (e instanceof MismatchedInputException) {
            // A tree accepts any value, so the only mismatch is FAIL_ON_TRAILING_TOKENS: a second value follows.
            return new ConfigException(source, null, "unexpected content after the top-level JSON value" + where, e);
        }
        String path = e.getProcessor() instanceof JsonParser parser ? path(parser.getParsingContext()) : null;
        String detail = e.getOriginalMessage();
        String problem;
        if (detail != null && detail.startsWith("Duplicate field '")) {
            problem = "duplicate key" + detail.substring("Duplicate field".length()) + where;
        } else if (SECRET_PATH.equals(path) || detail == null) {
            // Jackson quotes the offending token, which here would be part of the secret.
            problem = "malformed JSON" + where;
        } else {
            problem = "malformed JSON" + where + ": " + detail;
        }
        return new ConfigException(source, path, problem, SECRET_PATH.equals(path) ? null : e);
    }

    /** The path of the value being read, such as {@code $.categories[1].id}; null at the top level. */
    private static String path(JsonStreamContext context) {
        if (context == null || context.inRoot()) {
            return null;
        }
        String parent = context.getParent() == null || context.getParent().inRoot() ? "$"
                : path(context.getParent());
        if (context.inArray()) {
            return ConfigNode.indexPath(parent, context.getCurrentIndex());
        }
        String name = context.getCurrentName();
        return name == null ? parent : ConfigNode.childPath(parent, name);
    }

    private static ConfigException cannotRead(String source, IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "no such file";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            reason = fse.getReason();
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new ConfigException(source, null, "cannot read configuration: " + reason, e);
    }
}
