package dev.consentgate.core.log;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * RFC 8785 JSON Canonicalization Scheme for the values a consent record holds: objects with keys sorted by UTF-16
 * code units (§3.2.3), strings escaped as ECMAScript's {@code JSON.stringify} does (§3.2.2.2), integers, booleans
 * and null. Fractional numbers never occur in a record and are refused, so no ES6 number formatting is needed.
 */
final class Canonical {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Canonical() {
    }

    static byte[] bytes(JsonNode node) {
        StringBuilder out = new StringBuilder(512);
        write(node, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                names.sort(null); // String.compareTo orders by UTF-16 code units, as §3.2.3 requires
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    appendString(names.get(i), out);
                    out.append(':');
                    write(node.get(names.get(i)), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> appendString(node.textValue(), out);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            case NUMBER -> {
                if (!node.canConvertToExactIntegral() || !node.canConvertToLong()
                        || Math.abs(node.longValue()) > (1L << 53)) {
                    throw new IllegalArgumentException("only integers up to 2^53 can be canonicalised");
                }
                out.append(node.longValue());
            }
            default -> throw new IllegalArgumentException("cannot canonicalise a " + node.getNodeType());
        }
    }

    /** Appends {@code s} as a JSON string escaped as RFC 8785 §3.2.2.2 requires. */
    static void appendString(String s, StringBuilder out) {
        out.append('"');
        if (plain(s)) {
            // Nearly every value in a record (ids, categories, URLs, dates) needs no escape: one bulk copy instead
            // of a bounds-checked append per character, which was the write path's biggest single cost.
            out.append(s).append('"');
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    boolean loneSurrogate = Character.isSurrogate(c) && !(Character.isHighSurrogate(c)
                            && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || loneSurrogate) {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Whether {@code s} is printable ASCII with no quote and no backslash: written as it is. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
