package dev.consentgate.core.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Exact names in one hash map, prefixes in one hash map keyed by the prefix and probed longest length first, so a
 * lookup costs one probe per distinct prefix length (a dozen or two), not one per prefix. An exact name beats any
 * prefix; a longer prefix beats a shorter one. Immutable.
 */
final class NameIndex {

    private final Map<String, CatalogEntry> exact = new HashMap<>();
    private final Map<String, CatalogEntry> prefixes = new HashMap<>();
    private final int[] prefixLengthsLongestFirst;

    NameIndex(List<CatalogEntry> entries) {
        TreeSet<Integer> lengths = new TreeSet<>();
        for (CatalogEntry e : entries) {
            (e.prefix() ? prefixes : exact).put(e.name(), e);
            if (e.prefix()) {
                lengths.add(e.name().length());
            }
        }
        prefixLengthsLongestFirst = lengths.descendingSet().stream().mapToInt(Integer::intValue).toArray();
    }

    Optional<CatalogEntry> find(String name) {
        CatalogEntry hit = exact.get(name);
        if (hit != null) {
            return Optional.of(hit);
        }
        for (int length : prefixLengthsLongestFirst) {
            if (length <= name.length()) {
                hit = prefixes.get(name.substring(0, length));
                if (hit != null) {
                    return Optional.of(hit);
                }
            }
        }
        return Optional.empty();
    }
}
