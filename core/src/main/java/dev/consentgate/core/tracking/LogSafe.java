package dev.consentgate.core.tracking;

/**
 * Makes client-sent text safe to write to a log (CWE-117): every control character (C0, DEL, C1 — CR and LF
 * among them), Unicode line and paragraph separator, invisible format character (bidi overrides) and lone
 * surrogate becomes {@code ?}, and text past a bound is cut and marked with {@code ...}. What comes out can never
 * start a new log line or record, whatever the sink's format.
 */
final class LogSafe {

    /** Marks text that was cut. */
    static final String CUT = "...";

    private LogSafe() {
    }

    /** {@code text} with unsafe characters replaced, cut to at most {@code max} characters plus {@link #CUT}. */
    static String clean(String text, int max) {
        int length = Math.min(text.length(), max);
        if (length > 0 && Character.isHighSurrogate(text.charAt(length - 1)) && length < text.length()) {
            length--; // never cut a surrogate pair in half
        }
        StringBuilder out = null;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                i++;
                if (out != null) {
                    out.append(c).append(text.charAt(i));
                }
                continue;
            }
            if (isUnsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(length + CUT.length()).append(text, 0, i);
                }
                out.append('?');
            } else if (out != null) {
                out.append(c);
            }
        }
        if (out == null && length == text.length()) {
            return text;
        }
        if (out == null) {
            out = new StringBuilder(length + CUT.length()).append(text, 0, length);
        }
        return length < text.length() ? out.append(CUT).toString() : out.toString();
    }

    private static boolean isUnsafe(char c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }
}
