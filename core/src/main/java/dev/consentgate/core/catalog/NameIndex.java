package dev.consentgate.core.catalog;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Exact names in a hash map; prefixes in a trie walked once along the name, remembering the last (longest) prefix
 * passed, so a lookup costs one hash probe and at most one step per character, whatever the number of entries, and
 * allocates nothing. An exact name beats any prefix; a longer prefix beats a shorter one. Immutable.
 */
final class NameIndex {

    /** A trie node: children sorted by character for binary search; the entry of the prefix ending here, or null. */
    private record Node(char[] keys, Node[] children, CatalogEntry entry) {
    }

    private final Map<String, CatalogEntry> exact = new HashMap<>();
    private final Node prefixes;

    NameIndex(List<CatalogEntry> entries) {
        Builder root = new Builder();
        for (CatalogEntry e : entries) {
            if (e.prefix()) {
                Builder node = root;
                for (int i = 0; i < e.name().length(); i++) {
                    node = node.children.computeIfAbsent(e.name().charAt(i), c -> new Builder());
                }
                node.entry = e;
            } else {
                exact.put(e.name(), e);
            }
        }
        prefixes = root.build();
    }

    Optional<CatalogEntry> find(String name) {
        CatalogEntry hit = exact.get(name);
        if (hit != null) {
            return Optional.of(hit);
        }
        Node node = prefixes;
        CatalogEntry longest = null;
        for (int i = 0; i < name.length(); i++) {
            int at = Arrays.binarySearch(node.keys(), name.charAt(i));
            if (at < 0) {
                break;
            }
            node = node.children()[at];
            if (node.entry() != null) {
                longest = node.entry();
            }
        }
        return Optional.ofNullable(longest);
    }

    private static final class Builder {
        private final TreeMap<Character, Builder> children = new TreeMap<>();
        private CatalogEntry entry;

        Node build() {
            char[] keys = new char[children.size()];
            Node[] nodes = new Node[children.size()];
            int i = 0;
            for (Map.Entry<Character, Builder> child : children.entrySet()) {
                keys[i] = child.getKey();
                nodes[i++] = child.getValue().build();
            }
            return new Node(keys, nodes, entry);
        }
    }
}
