package dev.consentgate.core.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hops a forwarding header lists, client first, as raw node texts. An entry that cannot be read is
 * {@code null}, so that a walk from the right stops there instead of skipping to what a client wrote further left.
 */
final class ForwardingChain {

    private ForwardingChain() {
    }

    /** {@code X-Forwarded-For} field lines: comma-separated nodes; empty elements are ignored (RFC 9110 §5.6.1). */
    static List<String> xForwardedFor(List<String> fieldLines) {
        List<String> nodes = new ArrayList<>();
        for (String line : fieldLines) {
            for (String element : line.split(",", -1)) {
                String node = element.strip();
                if (!node.isEmpty()) {
                    nodes.add(node);
                }
            }
        }
        return nodes;
    }

    /**
     * The {@code for} nodes of {@code Forwarded} field lines (RFC 7239 §4), unquoted. Each line is parsed alone, so
     * that an unterminated quote a client sent cannot swallow the element a proxy added on its own line; an element
     * without a {@code for} parameter, or that does not parse, is {@code null}.
     */
    static List<String> forwarded(List<String> fieldLines) {
        List<String> nodes = new ArrayList<>();
        for (String line : fieldLines) {
            List<String> elements = new ArrayList<>();
            boolean wellFormed = split(line, elements);
            for (int i = 0; i < elements.size(); i++) {
                boolean last = i == elements.size() - 1;
                String element = elements.get(i);
                if (!element.isBlank()) {
                    nodes.add(last && !wellFormed ? null : forNode(element));
                }
            }
        }
        return nodes;
    }

    /** Splits at commas outside quoted strings; false when a quoted string is left open. */
    private static boolean split(String line, List<String> elements) {
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\' && i + 1 < line.length()) {
                current.append(c).append(line.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                elements.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        elements.add(current.toString());
        return !quoted;
    }

    /** The value of the element's {@code for} parameter, or null. */
    private static String forNode(String element) {
        String found = null;
        for (String pair : pairs(element)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            String name = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (!name.equals("for")) {
                continue;
            }
            if (found != null) {
                return null; // RFC 7239 §4: a parameter must not occur more than once per element
            }
            found = unquote(pair.substring(eq + 1).strip());
            if (found == null) {
                return null;
            }
        }
        return found;
    }

    private static List<String> pairs(String element) {
        List<String> pairs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (quoted && c == '\\' && i + 1 < element.length()) {
                current.append(c).append(element.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                if (!current.toString().isBlank()) {
                    pairs.add(current.toString());
                }
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (!current.toString().isBlank()) {
            pairs.add(current.toString());
        }
        return pairs;
    }

    /** A token, or a quoted string without its quotes and escapes; null when malformed. */
    private static String unquote(String value) {
        if (value.isEmpty()) {
            return null;
        }
        if (value.charAt(0) != '"') {
            return value.indexOf('"') >= 0 ? null : value;
        }
        if (value.length() < 2 || value.charAt(value.length() - 1) != '"') {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            } else if (c == '"' || c == '\\') {
                return null;
            }
            text.append(c);
        }
        return text.toString();
    }
}
