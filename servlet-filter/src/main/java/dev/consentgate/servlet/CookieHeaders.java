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
            // Bounds first, then one copy per part: this runs for every cookie of every request.
            int from = skipSpace(header, start, end);
            int to = trimSpace(header, from, end);
            if (from < to) {
                String raw = header.substring(from, to);
                int eq = header.indexOf('=', from);
                // RFC 6265bis §5.6: a pair without '=' is a cookie with an empty name.
                if (eq < 0 || eq >= to) {
                    into.add(new Pair("", raw, raw));
                } else {
                    String name = header.substring(from, trimSpace(header, from, eq));
                    String value = header.substring(skipSpace(header, eq + 1, to), to);
                    into.add(new Pair(name, value, raw));
                }
            }
            start = end + 1;
        }
        return into;
    }

    /** The first index from {@code from} on, before {@code to}, that is not whitespace as {@link String#strip}. */
    private static int skipSpace(String s, int from, int to) {
        while (from < to && Character.isWhitespace(s.charAt(from))) {
            from++;
        }
        return from;
    }

    /** The end of {@code s[from, to)} without its trailing whitespace, as {@link String#strip} would leave it. */
    private static int trimSpace(String s, int from, int to) {
        while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        return to;
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
