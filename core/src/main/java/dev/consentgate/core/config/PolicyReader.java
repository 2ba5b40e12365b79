package dev.consentgate.core.config;

import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentMode;
import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.core.policy.CookieMatchers;
import dev.consentgate.core.policy.UnclassifiedCookies;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads the policy keys of a configuration file into {@link ConsentPolicy#builder()}. */
final class PolicyReader {

    /** The top-level keys this reader handles. */
    static final List<String> KEYS = List.of("revision", "mode", "acceptLifetime", "refusalLifetime",
            "unclassifiedCookies", "categories");

    private static final List<String> CATEGORY_KEYS = List.of("id", "title", "description", "cookies", "hosts",
            "translations");
    private static final List<String> TRANSLATION_KEYS = List.of("title", "description");
    private static final List<String> COOKIE_KEYS = List.of("names", "prefixes", "patterns");

    private PolicyReader() {
    }

    static ConsentPolicy read(ConfigNode root) {
        ConsentPolicy.Builder policy = ConsentPolicy.builder();
        root.field("revision").ifPresent(n -> n.apply(() -> policy.revision(n.intValue())));
        root.field("mode").ifPresent(n -> policy.mode(n.oneOf(ConsentMode.values(), ConsentMode::jsonName)));
        root.field("acceptLifetime").ifPresent(n -> n.apply(() -> policy.acceptLifetime(lifetime(n))));
        root.field("refusalLifetime").ifPresent(n -> n.apply(() -> policy.refusalLifetime(lifetime(n))));
        root.field("unclassifiedCookies").ifPresent(n -> policy.unclassifiedCookies(
                n.oneOf(UnclassifiedCookies.values(), UnclassifiedCookies::jsonName)));
        root.field("categories").ifPresent(categories -> {
            for (ConfigNode c : categories.elements()) {
                category(policy, c);
            }
            // Cookies listed by two categories: only the whole list is at fault.
            categories.apply(policy::build);
        });
        return policy.build();
    }

    private static Duration lifetime(ConfigNode node) {
        String text = node.text();
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw node.error("expected an ISO-8601 duration in days such as P365D, got '" + text + "'", e);
        }
    }

    private static void category(ConsentPolicy.Builder policy, ConfigNode node) {
        node.object(CATEGORY_KEYS);
        ConfigNode idNode = node.requiredField("id");
        String id = idNode.text();
        // The necessary category has texts of its own; a file may list it only to add cookies.
        ConsentCategory defaults = id.equals(ConsentCategory.NECESSARY) ? ConsentCategory.necessary() : null;
        String title = text(node, "title", defaults == null ? null : defaults.title());
        String description = text(node, "description", defaults == null ? null : defaults.description());
        CookieMatchers cookies = node.field("cookies").map(PolicyReader::cookies).orElse(CookieMatchers.none());
        List<String> hosts = node.field("hosts").map(PolicyReader::hosts).orElse(List.of());
        Map<String, ConsentCategory.Texts> translations = node.field("translations")
                .map(PolicyReader::translations).orElse(Map.of());
        ConsentCategory category = idNode.apply(() -> new ConsentCategory(id, title, description, cookies, hosts,
                translations));
        idNode.apply(() -> policy.category(category));
    }

    private static String text(ConfigNode object, String key, String fallback) {
        if (fallback == null) {
            return object.requiredField(key).text();
        }
        return object.field(key).map(ConfigNode::text).orElse(fallback);
    }

    private static List<String> hosts(ConfigNode node) {
        List<String> hosts = new ArrayList<>();
        // Each entry is checked alone, so that an error names the entry's path.
        for (ConfigNode entry : node.elements()) {
            String host = entry.text();
            entry.apply(() -> ConsentCategory.of("x", "", "").withHosts(List.of(host)));
            hosts.add(host);
        }
        return hosts;
    }

    private static Map<String, ConsentCategory.Texts> translations(ConfigNode node) {
        Map<String, ConsentCategory.Texts> translations = new LinkedHashMap<>();
        node.members().forEach((language, texts) -> {
            texts.object(TRANSLATION_KEYS);
            ConsentCategory.Texts t = new ConsentCategory.Texts(texts.requiredField("title").text(),
                    texts.requiredField("description").text());
            texts.apply(() -> ConsentCategory.of("x", "", "").withTranslation(language, t.title(), t.description()));
            translations.put(language, t);
        });
        return translations;
    }

    private static CookieMatchers cookies(ConfigNode node) {
        node.object(COOKIE_KEYS);
        Set<String> names = new LinkedHashSet<>();
        List<String> prefixes = new ArrayList<>();
        List<Pattern> patterns = new ArrayList<>();
        // Each entry is checked alone, so that an error names the entry's path.
        node.field("names").ifPresent(n -> n.elements().forEach(e -> {
            String name = e.text();
            e.apply(() -> CookieMatchers.names(name));
            names.add(name);
        }));
        node.field("prefixes").ifPresent(n -> n.elements().forEach(e -> {
            String prefix = e.text();
            e.apply(() -> CookieMatchers.none().withPrefixes(prefix));
            prefixes.add(prefix);
        }));
        node.field("patterns").ifPresent(n -> n.elements().forEach(e -> patterns.add(pattern(e))));
        return node.apply(() -> new CookieMatchers(names, prefixes, patterns));
    }

    private static Pattern pattern(ConfigNode node) {
        String regex = node.text();
        try {
            return CookieMatchers.none().withPatterns(regex).patterns().get(0);
        } catch (PatternSyntaxException e) {
            throw node.error("invalid regular expression: " + e.getDescription(), e);
        }
    }
}
