package dev.consentgate.core.signal;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.consent.DecisionSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a consent manager's own consents (its category, group or service name → consented) into a decision on
 * category ids. A category is granted when every name that maps to it is consented, and refused otherwise: a service
 * the cookie does not mention, or marks anything but consented, refuses its category. With no mapping, names are
 * category ids themselves. Immutable and thread-safe.
 */
final class CategoryMapping {

    private static final Pattern CATEGORY_ID = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private final DecisionSource source;
    private final Map<String, List<String>> namesByCategory;

    CategoryMapping(DecisionSource source, Map<String, String> mapping) {
        this.source = requireNonNull(source, "source");
        Map<String, List<String>> byCategory = new HashMap<>();
        requireNonNull(mapping, "mapping").forEach((name, category) -> byCategory
                .computeIfAbsent(category, c -> new java.util.ArrayList<>()).add(name));
        byCategory.replaceAll((c, names) -> List.copyOf(names));
        this.namesByCategory = Map.copyOf(byCategory);
    }

    /** The decision for these consents; {@code consents} holds only names the cookie mentions. */
    SignalDecision decide(Map<String, Boolean> consents) {
        Set<String> granted = new HashSet<>();
        Set<String> refused = new HashSet<>();
        if (namesByCategory.isEmpty()) {
            consents.forEach((name, yes) -> {
                // Equal ids: only names that could be category ids; the resolver drops those the policy lacks.
                if (CATEGORY_ID.matcher(name).matches()) {
                    (yes ? granted : refused).add(name);
                }
            });
        } else {
            namesByCategory.forEach((category, names) -> {
                boolean all = names.stream().allMatch(n -> Boolean.TRUE.equals(consents.get(n)));
                (all ? granted : refused).add(category);
            });
        }
        return new SignalDecision(source, granted, refused);
    }
}
