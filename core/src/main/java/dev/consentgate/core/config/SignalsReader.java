package dev.consentgate.core.config;

import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.core.signal.ConsentManager;
import dev.consentgate.core.signal.SignalsConfig;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the {@code signals} object of a configuration file into {@link SignalsConfig#builder()}. */
final class SignalsReader {

    static final List<String> KEYS = Stream.concat(Stream.of("precedence", "gpc", "tcf", "googleConsentMode"),
            Arrays.stream(ConsentManager.values()).map(ConsentManager::jsonName)).toList();
    static final List<String> GPC_KEYS = List.of("enabled", "refuses", "lastUpdate");
    static final List<String> TCF_KEYS = List.of("enabled", "cookieName", "purposes", "specialFeatures");
    static final List<String> MANAGER_KEYS = List.of("enabled", "cookieName", "mapping");

    private SignalsReader() {
    }

    static SignalsConfig read(ConfigNode node, ConsentPolicy policy) {
        node.object(KEYS);
        SignalsConfig.Builder b = SignalsConfig.builder();
        node.field("precedence").ifPresent(n -> {
            List<String> names = n.texts();
            n.apply(() -> b.precedence(names));
        });
        node.field("gpc").ifPresent(gpc -> {
            gpc.object(GPC_KEYS);
            gpc.field("enabled").ifPresent(n -> b.gpc(n.booleanValue()));
            gpc.field("refuses").ifPresent(n -> {
                List<String> categories = new ArrayList<>();
                for (ConfigNode entry : n.elements()) {
                    categories.add(category(entry, policy));
                }
                n.apply(() -> b.gpcRefuses(categories));
            });
            gpc.field("lastUpdate").ifPresent(n -> b.gpcLastUpdate(date(n)));
        });
        node.field("tcf").ifPresent(tcf -> {
            tcf.object(TCF_KEYS);
            tcf.field("enabled").ifPresent(n -> b.tcf(n.booleanValue()));
            tcf.field("cookieName").ifPresent(n -> n.apply(() -> b.tcfCookieName(n.text())));
            tcf.field("purposes").ifPresent(n -> {
                Map<String, List<Integer>> purposes = numbers(n, policy);
                n.apply(() -> b.tcfPurposes(purposes));
            });
            tcf.field("specialFeatures").ifPresent(n -> {
                Map<String, List<Integer>> features = numbers(n, policy);
                n.apply(() -> b.tcfSpecialFeatures(features));
            });
        });
        for (ConsentManager m : ConsentManager.values()) {
            node.field(m.jsonName()).ifPresent(manager -> {
                manager.object(MANAGER_KEYS);
                manager.field("enabled").ifPresent(n -> b.manager(m, n.booleanValue()));
                manager.field("cookieName").ifPresent(n -> n.apply(() -> b.managerCookieName(m, n.text())));
                manager.field("mapping").ifPresent(n -> {
                    Map<String, String> mapping = new LinkedHashMap<>();
                    n.members().forEach((name, value) -> mapping.put(name, category(value, policy)));
                    n.apply(() -> b.managerMapping(m, mapping));
                });
            });
        }
        node.field("googleConsentMode").ifPresent(n -> {
            Map<String, String> mapping = new LinkedHashMap<>();
            n.members().forEach((type, value) -> mapping.put(type, category(value, policy)));
            n.apply(() -> b.googleConsentMode(mapping));
        });
        return node.apply(b::build);
    }

    /** A category id, which must be one the policy defines unless it is one the defaults name. */
    private static String category(ConfigNode node, ConsentPolicy policy) {
        String id = node.text();
        if (!SignalsConfig.DEFAULT_CATEGORIES.contains(id) && !id.equals(ConsentCategory.NECESSARY)
                && !policy.hasCategory(id)) {
            throw node.error("category '" + id + "' is not defined by the policy");
        }
        return id;
    }

    /** An object of category id → array of integers. */
    private static Map<String, List<Integer>> numbers(ConfigNode node, ConsentPolicy policy) {
        Map<String, List<Integer>> mapping = new LinkedHashMap<>();
        node.members().forEach((category, value) -> {
            ConfigNode key = node.field(category).orElseThrow();
            if (!SignalsConfig.DEFAULT_CATEGORIES.contains(category) && !policy.hasCategory(category)) {
                throw key.error("category '" + category + "' is not defined by the policy");
            }
            List<Integer> numbers = new ArrayList<>();
            for (ConfigNode entry : value.elements()) {
                numbers.add(entry.intValue());
            }
            mapping.put(category, numbers);
        });
        return mapping;
    }

    private static LocalDate date(ConfigNode node) {
        String text = node.text();
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw node.error("expected a date such as 2026-01-31, got '" + text + "'");
        }
    }
}
