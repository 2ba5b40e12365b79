package dev.consentgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consentgate.core.Fuzz;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Configuration files changed in every way a person editing one could (a value of another type, a key removed or
 * added, the text cut or mangled): each either loads or fails with a {@link ConfigException} that names the file,
 * never with another exception and never showing the secret.
 */
@AddLifecycleHook(Fuzz.LongBudget.class)
class ConfigLoaderProperties {

    private static final String SOURCE = "/etc/app/consentgate.json";
    private static final String SECRET = Base64.getEncoder().encodeToString(
            "a secret of thirty-two bytes ok!".getBytes(StandardCharsets.US_ASCII));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FULL = ("{'revision': 3, 'mode': 'opt-in', 'acceptLifetime': 'P300D',"
            + " 'refusalLifetime': 'P100D', 'unclassifiedCookies': 'block',"
            + " 'categories': [{'id': 'preferences', 'title': 'Preferences', 'description': 'Language.',"
            + "   'cookies': {'names': ['lang']}},"
            + "  {'id': 'analytics', 'title': 'Analytics', 'description': 'Count visits.',"
            + "   'cookies': {'names': ['_ga'], 'prefixes': ['_ga_'], 'patterns': ['_hj.*']},"
            + "   'hosts': ['www.googletagmanager.com'],"
            + "   'translations': {'de': {'title': 'Statistik', 'description': 'Besuche zählen.'}}},"
            + "  {'id': 'advertising', 'title': 'Ads', 'description': 'Ads.'}],"
            + " 'consentCookie': {'name': 'cg', 'secure': 'always'}, 'cookieDomains': ['example.com'],"
            + " 'cookiePaths': ['/'], 'maxExpiryHeaders': 10,"
            + " 'endpoint': {'path': '/api/consent', 'allowedOrigins': ['https://www.example.com']},"
            + " 'secret': 'k1:" + SECRET + "',"
            + " 'tracking': {'enabled': true, 'skipPaths': ['/static/'], 'fields': {'ip': 'analytics'},"
            + "   'ip': 'truncated', 'browser': 'family', 'referrer': 'origin', 'clientIpHeader': 'forwarded',"
            + "   'trustedProxies': ['10.0.0.0/8', '::1']},"
            + " 'signals': {'precedence': ['consentgate', 'onetrust', 'tcf', 'cookiebot', 'cookieconsent', 'klaro',"
            + "   'tarteaucitron'], 'gpc': {'enabled': true, 'refuses': ['advertising'], 'lastUpdate': '2026-11-01'},"
            + "   'tcf': {'enabled': true, 'purposes': {'analytics': [1, 8, 9, 10]}},"
            + "   'onetrust': {'enabled': true, 'mapping': {'C0002': 'analytics'}},"
            + "   'klaro': {'enabled': true, 'mapping': {'googleAnalytics': 'analytics'}},"
            + "   'googleConsentMode': {'ad_storage': 'advertising'}},"
            + " 'csp': {'mode': 'enforce', 'baseline': {'default-src': [\"'self'\"]}}, 'catalog': true}")
            .replace("'self'", "SELF").replace('\'', '"').replace("SELF", "'self'");
    private static final List<JsonNode> REPLACEMENTS = replacements();

    /** The file the properties change loads as it is, so that what they find is the change's doing. */
    @Example
    void load_unchangedFile_loads() {
        ConsentGateConfig config = ConfigLoader.load(new ByteArrayInputStream(FULL.getBytes(StandardCharsets.UTF_8)),
                SOURCE);

        assertThat(config.policy().categoryIds()).containsExactly("necessary", "preferences", "analytics",
                "advertising");
    }

    @Property(tries = 300)
    void load_fileWithOneValueChanged_loadsOrNamesTheFile(@ForAll("editedTrees") String json) {
        assertLoadsOrFailsClearly(json);
    }

    @Property(tries = 300)
    void load_fileTextMangled_loadsOrNamesTheFile(@ForAll("mangledTexts") String json) {
        assertLoadsOrFailsClearly(json);
    }

    private static void assertLoadsOrFailsClearly(String json) {
        try {
            ConfigLoader.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), SOURCE);
        } catch (ConfigException e) {
            assertThat(e.source()).isEqualTo(SOURCE);
            assertThat(e.getMessage()).startsWith(SOURCE + ": ").doesNotContain(SECRET);
            e.jsonPath().ifPresent(p -> assertThat(p).startsWith("$"));
        }
    }

    @Provide
    Arbitrary<String> editedTrees() {
        JsonNode base = tree(FULL);
        List<String> paths = new ArrayList<>();
        collect(base, "", paths);
        return Combinators.combine(Arbitraries.of(paths), Arbitraries.of(REPLACEMENTS), Arbitraries.integers()
                .between(0, 2)).as((path, replacement, op) -> {
                    JsonNode copy = base.deepCopy();
                    JsonNode target = path.isEmpty() ? copy : copy.at(path);
                    int slash = path.lastIndexOf('/');
                    JsonNode parent = slash < 0 ? null : path.substring(0, slash).isEmpty() ? copy
                            : copy.at(path.substring(0, slash));
                    String last = slash < 0 ? "" : path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
                    if (op == 0 && target instanceof ObjectNode object) {
                        object.set("unknownKey", replacement); // an unknown key
                    } else if (op == 1 && parent instanceof ObjectNode object) {
                        object.remove(last);
                    } else if (parent instanceof ObjectNode object) {
                        object.set(last, replacement);
                    } else if (parent instanceof ArrayNode array) {
                        array.set(Integer.parseInt(last), replacement);
                    } else {
                        return replacement.toString();
                    }
                    return copy.toString();
                });
    }

    @Provide
    Arbitrary<String> mangledTexts() {
        return Arbitraries.oneOf(Fuzz.mutations(FULL), Fuzz.hostile(),
                Fuzz.padded(Arbitraries.of("[", "{\"a\":", "{\"categories\":[", "\"\\u")));
    }

    /** JSON pointers to every node. */
    private static void collect(JsonNode node, String pointer, List<String> into) {
        into.add(pointer);
        if (node instanceof ObjectNode) {
            node.fieldNames().forEachRemaining(name -> collect(node.get(name), pointer + "/"
                    + name.replace("~", "~0").replace("/", "~1"), into));
        } else if (node instanceof ContainerNode<?>) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, into);
            }
        }
    }

    private static List<JsonNode> replacements() {
        List<JsonNode> values = new ArrayList<>();
        for (String json : List.of("\"x\"", "\"\"", "0", "-1", "1.5", "1e400", "99999999999999999999", "true",
                "null", "[]", "{}", "[\"x\"]", "[null]", "{\"a\": 1}", "\"(a+)+$\"", "\"[\"", "\"P-1D\"",
                "\"P99999999999D\"", "\"k1:%%%\"", "\"0.0.0.0/99\"", "\"https://\"", "\"\\u0000\\r\\n\"",
                "\"" + "a".repeat(5000) + "\"", "2147483648", "-2147483649")) {
            values.add(tree(json));
        }
        return values;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
