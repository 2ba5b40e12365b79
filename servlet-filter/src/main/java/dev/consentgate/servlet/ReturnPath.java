package dev.consentgate.servlet;

/**
 * The same-origin path a form post returns to. Anything that could leave the site — an absolute or
 * protocol-relative URL, a backslash (browsers read {@code /\evil.example} as {@code //evil.example}), a scheme such
 * as {@code javascript:}, control characters — falls back to {@code /} (CWE-601).
 */
final class ReturnPath {

    private static final int MAX_LENGTH = 2_048;

    private ReturnPath() {
    }

    /** {@code candidate} when it is a safe same-origin path, otherwise {@code /}. */
    static String sanitize(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH
                || candidate.charAt(0) != '/') {
            return "/";
        }
        if (candidate.length() > 1 && (candidate.charAt(1) == '/' || candidate.charAt(1) == '\\')) {
            return "/";
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return "/";
            }
        }
        return candidate;
    }
}
