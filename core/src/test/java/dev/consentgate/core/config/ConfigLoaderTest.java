package dev.consentgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentMode;
import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.core.policy.UnclassifiedCookies;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

    private static final String ALL_KEYS = "[revision, mode, acceptLifetime, refusalLifetime, unclassifiedCookies,"
            + " categories, consentCookie, cookieDomains, cookiePaths, maxExpiryHeaders, endpoint, secret, tracking,"
            + " signals, csp, consentLog, catalog, openCookieDatabase]";

    @TempDir
    Path dir;

    @Test
    void load_fullFile_setsEverySetting() throws IOException {
        Path file = write("""
                {
                  "revision": 3,
                  "mode": "opt-in",
                  "acceptLifetime": "P300D",
                  "refusalLifetime": "P100D",
                  "unclassifiedCookies": "block",
                  "categories": [
                    {"id": "preferences", "title": "Preferences", "description": "Remember your language.",
                     "cookies": {"names": ["lang"]}},
                    {"id": "analytics", "title": "Analytics", "description": "Count visits.",
                     "cookies": {"names": ["_ga", "_gid"], "prefixes": ["_ga_", "_gat"], "patterns": ["_hj.*"]}}
                  ],
                  "consentCookie": {"name": "cg", "secure": "always"},
                  "cookieDomains": ["example.com", ".shop.example.com"],
                  "cookiePaths": ["/", "/shop"],
                  "maxExpiryHeaders": 10,
                  "endpoint": {"path": "/api/consent", "allowedOrigins": ["https://www.example.com"]}
                }
                """);

        ConsentGateConfig config = ConfigLoader.load(file);

        ConsentPolicy policy = config.policy();
        assertThat(policy.categoryIds()).containsExactly("necessary", "preferences", "analytics");
        assertThat(policy.categories().get(0)).isEqualTo(ConsentCategory.necessary());
        ConsentCategory preferences = policy.categories().get(1);
        assertThat(preferences.title()).isEqualTo("Preferences");
        assertThat(preferences.description()).isEqualTo("Remember your language.");
        assertThat(preferences.cookies().names()).containsExactly("lang");
        assertThat(preferences.cookies().prefixes()).isEmpty();
        assertThat(preferences.cookies().patterns()).isEmpty();
        ConsentCategory analytics = policy.categories().get(2);
        assertThat(analytics.title()).isEqualTo("Analytics");
        assertThat(analytics.description()).isEqualTo("Count visits.");
        assertThat(analytics.cookies().names()).containsExactlyInAnyOrder("_ga", "_gid");
        assertThat(analytics.cookies().prefixes()).containsExactly("_ga_", "_gat");
        assertThat(analytics.cookies().patterns()).extracting(Pattern::pattern).containsExactly("_hj.*");
        assertThat(policy.revision()).isEqualTo(3);
        assertThat(policy.mode()).isEqualTo(ConsentMode.OPT_IN);
        assertThat(policy.acceptLifetime()).isEqualTo(Duration.ofDays(300));
        assertThat(policy.refusalLifetime()).isEqualTo(Duration.ofDays(100));
        assertThat(policy.unclassifiedCookies()).isEqualTo(UnclassifiedCookies.BLOCK);
        assertThat(config.cookieName()).isEqualTo("cg");
        assertThat(config.secureCookies()).isEqualTo(SecureCookies.ALWAYS);
        assertThat(config.cookieDomains()).containsExactly("example.com", "shop.example.com");
        assertThat(config.cookiePaths()).containsExactly("/", "/shop");
        assertThat(config.maxExpiryHeaders()).isEqualTo(10);
        assertThat(config.endpointPath()).isEqualTo("/api/consent");
        assertThat(config.allowedOrigins()).containsExactly("https://www.example.com");
        assertThat(config.signingKeys()).isEmpty();
    }

    @Test
    void load_emptyObject_usesDefaults() throws IOException {
        ConsentGateConfig config = ConfigLoader.load(write("{}"));

        ConsentGateConfig defaults = ConsentGateConfig.builder().build();
        ConsentPolicy policy = config.policy();
        assertThat(policy.categories()).containsExactly(ConsentCategory.necessary());
        assertThat(policy.revision()).isEqualTo(1);
        assertThat(policy.mode()).isEqualTo(ConsentMode.OPT_IN);
        assertThat(policy.acceptLifetime()).isEqualTo(ConsentPolicy.DEFAULT_ACCEPT_LIFETIME);
        assertThat(policy.refusalLifetime()).isEqualTo(ConsentPolicy.DEFAULT_REFUSAL_LIFETIME);
        assertThat(policy.unclassifiedCookies()).isEqualTo(UnclassifiedCookies.ALLOW_WHEN_ALL_GRANTED);
        assertThat(config.cookieName()).isEqualTo(defaults.cookieName());
        assertThat(config.secureCookies()).isEqualTo(defaults.secureCookies());
        assertThat(config.cookieDomains()).isEqualTo(defaults.cookieDomains());
        assertThat(config.cookiePaths()).isEqualTo(defaults.cookiePaths());
        assertThat(config.maxExpiryHeaders()).isEqualTo(defaults.maxExpiryHeaders());
        assertThat(config.endpointPath()).isEqualTo(defaults.endpointPath());
        assertThat(config.allowedOrigins()).isEqualTo(defaults.allowedOrigins());
        assertThat(config.signingKeys()).isEmpty();
    }

    @Test
    void load_necessaryCategoryWithoutTexts_keepsDefaultTextsAndAddsCookies() throws IOException {
        Path file = write(json("{'categories': [{'id': 'analytics', 'title': 'A', 'description': 'B'},"
                + " {'id': 'necessary', 'cookies': {'names': ['JSESSIONID']}}]}"));

        ConsentPolicy policy = ConfigLoader.load(file).policy();

        assertThat(policy.categoryIds()).containsExactly("necessary", "analytics");
        ConsentCategory necessary = policy.categories().get(0);
        assertThat(necessary.title()).isEqualTo(ConsentCategory.necessary().title());
        assertThat(necessary.description()).isEqualTo(ConsentCategory.necessary().description());
        assertThat(necessary.cookies().names()).containsExactly("JSESSIONID");
    }

    @Test
    void load_necessaryCategoryWithTexts_replacesTexts() throws IOException {
        Path file = write(json("{'categories': [{'id': 'necessary', 'title': 'Essential', 'description': 'D'}]}"));

        ConsentCategory necessary = ConfigLoader.load(file).policy().categories().get(0);

        assertThat(necessary).isEqualTo(ConsentCategory.of("necessary", "Essential", "D"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void load_invalidFile_failsNamingSourcePathAndProblem(ErrorCase c) throws IOException {
        Path file = write(c.json());

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e).as("no exception for %s", c.json()).isNotNull();
        String expected = file + (c.path() == null ? "" : ": " + c.path()) + ": " + c.problem();
        if (c.exact()) {
            assertThat(e).hasMessage(expected);
        } else {
            assertThat(e.getMessage()).startsWith(expected);
        }
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.jsonPath()).isEqualTo(Optional.ofNullable(c.path()));
    }

    static Stream<ErrorCase> invalidFiles() {
        String three = "{'categories': [" + category("a", "") + ", " + category("analytics", "")
                + ", " + category("analytics", "") + "]}";
        return Stream.of(
                error("consent log personal field not allowed", "{'consentLog': {'personal': ['ip', 'page']}}",
                        "$.consentLog.personal[1]", "consentLog.personal entries must be one of [ip, browser], got 'page'"),
                error("consent log unknown key", "{'consentLog': {'fields': []}}", "$.consentLog.fields",
                        "unknown key 'fields', expected one of [personal]"),
                error("unknown top-level key", "{'revision': 2, 'foo': 1}", "$.foo",
                        "unknown key 'foo', expected one of " + ALL_KEYS),
                error("unknown key needing brackets", "{'a b': 1}", "$['a b']",
                        "unknown key 'a b', expected one of " + ALL_KEYS),
                error("unknown category key",
                        "{'categories': [{'id': 'a', 'title': 't', 'description': 'd', 'foo': 1}]}",
                        "$.categories[0].foo", "unknown key 'foo', expected one of [id, title, description, cookies,"
                                + " hosts, translations]"),
                error("unknown cookies key", "{'categories': [" + category("a", "'regex': []") + "]}",
                        "$.categories[0].cookies.regex", "unknown key 'regex', expected one of [names, prefixes,"
                                + " patterns]"),
                error("unknown consent cookie key", "{'consentCookie': {'domain': 'x'}}", "$.consentCookie.domain",
                        "unknown key 'domain', expected one of [name, secure]"),
                error("unknown endpoint key", "{'endpoint': {'origins': []}}", "$.endpoint.origins",
                        "unknown key 'origins', expected one of [path, allowedOrigins]"),
                error("duplicate category id", three, "$.categories[2].id", "duplicate category id 'analytics'"),
                error("category id upper case", "{'categories': [" + category("Analytics", "") + "]}",
                        "$.categories[0].id", "category id must match [a-z][a-z0-9_-]{0,31}, got 'Analytics'"),
                error("category without id", "{'categories': [{'title': 't', 'description': 'd'}]}",
                        "$.categories[0]", "missing required key 'id'"),
                error("category without title", "{'categories': [{'id': 'a', 'description': 'd'}]}",
                        "$.categories[0]", "missing required key 'title'"),
                error("category not an object", "{'categories': ['analytics']}", "$.categories[0]",
                        "expected an object, got a string"),
                error("categories not an array", "{'categories': {'id': 'a'}}", "$.categories",
                        "expected an array, got an object"),
                error("bad regex", "{'categories': [" + category("a", "") + ", "
                        + category("b", "'patterns': ['_hj[']") + "]}",
                        "$.categories[1].cookies.patterns[0]", "invalid regular expression: Unclosed character class"),
                error("empty cookie name", "{'categories': [" + category("a", "'names': ['_ga', '']") + "]}",
                        "$.categories[0].cookies.names[1]", "cookie name must not be empty"),
                error("empty cookie prefix", "{'categories': [" + category("a", "'prefixes': ['']") + "]}",
                        "$.categories[0].cookies.prefixes[0]", "cookie name prefix must not be empty"),
                error("cookie name not a string", "{'categories': [" + category("a", "'names': [1]") + "]}",
                        "$.categories[0].cookies.names[0]", "expected a string, got a number"),
                error("same cookie name in two categories", "{'categories': [" + category("analytics",
                        "'names': ['_ga']") + ", " + category("marketing", "'names': ['_ga']") + "]}",
                        "$.categories", "cookie name '_ga' is listed by both 'analytics' and 'marketing'"),
                error("lifetime over 13 months", "{'acceptLifetime': 'P400D'}", "$.acceptLifetime",
                        "acceptLifetime must be at most 13 months (P395D), got P400D"),
                error("lifetime negative", "{'refusalLifetime': '-P1D'}", "$.refusalLifetime",
                        "refusalLifetime must be positive, got P-1D"),
                error("lifetime in months", "{'refusalLifetime': 'P13M'}", "$.refusalLifetime",
                        "expected an ISO-8601 duration in days such as P365D, got 'P13M'"),
                error("lifetime not a duration", "{'acceptLifetime': '1 year'}", "$.acceptLifetime",
                        "expected an ISO-8601 duration in days such as P365D, got '1 year'"),
                error("lifetime a number", "{'acceptLifetime': 365}", "$.acceptLifetime",
                        "expected a string, got a number"),
                error("revision 0", "{'revision': 0}", "$.revision", "revision must be at least 1, got 0"),
                error("revision a string", "{'revision': '3'}", "$.revision", "expected an integer, got a string"),
                error("revision a fraction", "{'revision': 1.5}", "$.revision", "expected an integer, got 1.5"),
                error("revision out of range", "{'revision': 3000000000}", "$.revision",
                        "expected an integer from -2147483648 to 2147483647, got 3000000000"),
                error("revision null", "{'revision': null}", "$.revision", "expected an integer, got null"),
                error("mode unknown", "{'mode': 'opt-out'}", "$.mode", "expected one of [opt-in], got 'opt-out'"),
                error("mode null", "{'mode': null}", "$.mode", "expected a string, got null"),
                error("unclassified unknown", "{'unclassifiedCookies': 'deny'}", "$.unclassifiedCookies",
                        "expected one of [allow-when-all-granted, block, allow], got 'deny'"),
                error("secure unknown", "{'consentCookie': {'secure': 'yes'}}", "$.consentCookie.secure",
                        "expected one of [auto, always, never], got 'yes'"),
                error("secure a boolean", "{'consentCookie': {'secure': true}}", "$.consentCookie.secure",
                        "expected a string, got a boolean"),
                error("bad consent cookie name", "{'consentCookie': {'name': 'consent gate'}}",
                        "$.consentCookie.name",
                        "cookieName must be an RFC 6265 token of 1 to 64 characters, got 'consent gate'"),
                error("__Host- cookie without Secure", "{'consentCookie': {'name': '__Host-consent'}}",
                        "$.consentCookie.name", "consent cookie '__Host-consent' has the __Host- prefix, which"
                                + " browsers accept only with Secure: set secure to \"always\""),
                error("__secure- cookie, secure auto", "{'consentCookie': {'name': '__secure-c', 'secure': 'auto'}}",
                        "$.consentCookie.name", "consent cookie '__secure-c' has the __secure- prefix, which"
                                + " browsers accept only with Secure: set secure to \"always\""),
                error("bad domain", "{'cookieDomains': ['example.com', 'exa mple.com']}", "$.cookieDomains[1]",
                        "cookieDomains entry must be a host name such as example.com, got 'exa mple.com'"),
                error("domains not an array", "{'cookieDomains': 'example.com'}", "$.cookieDomains",
                        "expected an array, got a string"),
                error("no cookie path", "{'cookiePaths': []}", "$.cookiePaths",
                        "cookiePaths must name at least one path, such as /"),
                error("relative cookie path", "{'cookiePaths': ['/', 'shop']}", "$.cookiePaths[1]",
                        "cookiePaths entry must start with / and contain no spaces, semicolons or control"
                                + " characters, got 'shop'"),
                error("too many expiry headers", "{'maxExpiryHeaders': 201}", "$.maxExpiryHeaders",
                        "maxExpiryHeaders must be between 0 and 200, got 201"),
                error("bad endpoint path", "{'endpoint': {'path': 'consent'}}", "$.endpoint.path",
                        "endpointPath must be a path such as /consent, got 'consent'"),
                error("bad origin", "{'endpoint': {'allowedOrigins': ['https://www.example.com/path']}}",
                        "$.endpoint.allowedOrigins[0]", "allowedOrigins entry must be an origin such as"
                                + " https://www.example.com, got 'https://www.example.com/path'"),
                error("secret a number", "{'secret': 42}", "$.secret", "expected a string, got a number"),
                error("root an array", "[]", "$", "expected an object, got an array"),
                error("duplicate json key", "{'revision': 1, 'revision': 2}", "$.revision",
                        "duplicate key 'revision' at line 1, column 27"),
                error("duplicate json key in category", "{'categories': [{'id': 'a', 'id': 'b'}]}",
                        "$.categories[0].id", "duplicate key 'id' at line 1, column 33"),
                error("trailing object", "{} {}", null,
                        "unexpected content after the top-level JSON value at line 1, column 4"),
                errorStartingWith("trailing garbage", "{}\nxyz", null,
                        "malformed JSON at line 2, column 1: Unrecognized token 'xyz'"),
                errorStartingWith("malformed json", "{\n  'revision': 1,\n  'mode': \n}", "$.mode",
                        "malformed JSON at line 4, column 1: Unexpected character ('}' (code 125))"),
                errorStartingWith("unclosed array", "{'cookiePaths': ['/'", "$.cookiePaths[0]",
                        "malformed JSON at line 1, column 21: Unexpected end-of-input"),
                error("empty file", "", null, "configuration is empty, expected a JSON object"),
                error("blank file", " \n\t\n", null, "configuration is empty, expected a JSON object"));
    }

    @Test
    void load_malformedSecret_doesNotShowTheSecret() throws IOException {
        Path file = write("{\"secret\": k1:c2VjcmV0c2VjcmV0}");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": $.secret: malformed JSON at line 1, column 12")
                .hasNoCause();
    }

    @Test
    void load_missingFile_failsWithoutPath() {
        Path file = dir.resolve("missing.json");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": cannot read configuration: no such file")
                .satisfies(e -> assertThat(((ConfigException) e).jsonPath()).isEmpty());
    }

    @Test
    void load_directory_failsWithoutPath() {
        assertThatThrownBy(() -> ConfigLoader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir + ": cannot read configuration: is a directory");
    }

    @Test
    void load_inputStream_namesSourceInErrors() {
        ByteArrayInputStream in = new ByteArrayInputStream(json("{'revision': 0}").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> ConfigLoader.load(in, "classpath:consentgate.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("classpath:consentgate.json: $.revision: revision must be at least 1, got 0");
    }

    @Test
    void load_inputStream_readsConfiguration() {
        ByteArrayInputStream in = new ByteArrayInputStream(json("{'maxExpiryHeaders': 0}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(ConfigLoader.load(in, "test").maxExpiryHeaders()).isZero();
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("consentgate.json"), content);
    }

    /** JSON written with single quotes, for readable tables. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static String category(String id, String cookies) {
        return "{'id': '" + id + "', 'title': 'T', 'description': 'D', 'cookies': {" + cookies + "}}";
    }

    private static ErrorCase error(String name, String json, String path, String problem) {
        return new ErrorCase(name, json(json), path, problem, true);
    }

    private static ErrorCase errorStartingWith(String name, String json, String path, String problemStart) {
        return new ErrorCase(name, json(json), path, problemStart, false);
    }

    /** A file that fails to load; {@code exact} when {@code problem} is the whole problem, not its start. */
    record ErrorCase(String name, String json, String path, String problem, boolean exact) {
        @Override
        public String toString() {
            return name;
        }
    }
}
