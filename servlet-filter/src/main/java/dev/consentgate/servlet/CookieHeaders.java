package dev.consentgate.servlet;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the raw {@code Cookie} request header and the name of a {@code Set-Cookie} value.
 *
 * <p>The raw header is parsed here rather than through {@code getCookies()} because containers drop or mangle
 * values they find invalid (quotes, commas, %-encoding), and because the app's view must be rebuilt from the same
 * pairs the browser sent.
 */
final class CookieHeaders {

    /** One {@code name=value} pair as the browser sent it. */
    record Pair(String name, String value, String raw) {
    }

    /** Bound on pairs read from one request, so a huge header costs bounded work. */
    static final int MAX_PAIRS = 200;

    private CookieHeaders() {
    }

    /** The pairs of one {@code Cookie} header value, in order (RFC 6265 §5.4: {@code "; "}-separated). */
    static List<Pair> parse(String header, List<Pair> into) {
        int length = header.length();
        int start = 0;
        while (start < length && into.size() < MAX_PAIRS) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = length;
            }
            String raw = header.substring(start, end).strip();
            if (!raw.isEmpty()) {
                int eq = raw.indexOf('=');
                // RFC 6265bis §5.6: a pair without '=' is a cookie with an empty name.
                String name = eq < 0 ? "" : raw.substring(0, eq).strip();
                String value = eq < 0 ? raw : raw.substring(eq + 1).strip();
                into.add(new Pair(name, value, raw));
            }
            start = end + 1;
        }
        return into;
    }

    /** The pairs of every {@code Cookie} header value. */
    static List<Pair> parseAll(Iterable<String> headers) {
        List<Pair> pairs = new ArrayList<>();
        for (String header : headers) {
            parse(header, pairs);
        }
        return pairs;
    }

    /**
     * The cookie name of a {@code Set-Cookie} value: the text before the first {@code =} of the first
     * {@code ;}-separated part, trimmed (RFC 6265 §5.2). A value without {@code =} names the empty cookie name.
     */
    static String setCookieName(String setCookie) {
        // Runs for every Set-Cookie the app adds: one copy, of the name only.
        int semicolon = setCookie.indexOf(';');
        int eq = setCookie.indexOf('=');
        return eq < 0 || (semicolon >= 0 && eq > semicolon) ? "" : setCookie.substring(0, eq).strip();
    }
}
