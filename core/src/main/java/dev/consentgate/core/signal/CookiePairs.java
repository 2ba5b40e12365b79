package dev.consentgate.core.signal;

/**
 * Walks the {@code name=value} pairs of a raw {@code Cookie} header in place: each pair is a range of the header,
 * nothing is copied until asked for. Pairs are {@code ;}-separated and trimmed (RFC 6265 §5.4); a pair without
 * {@code =} is a cookie with an empty name (RFC 6265bis §5.6); empty pairs are skipped; at most {@link #MAX_PAIRS}
 * are read, so a huge header costs bounded work. The filter's own parser of the header reads it the same way.
 *
 * <p>Not thread-safe: one cursor per walk.
 */
final class CookiePairs {

    /** Bound on pairs read from one request. */
    static final int MAX_PAIRS = 200;

    private final String header;
    private int position;
    private int pairs;
    private int nameFrom;
    private int nameTo;
    private int valueFrom;
    private int valueTo;

    CookiePairs(String header) {
        this.header = header;
    }

    /** Moves to the next pair; false when there is none. */
    boolean next() {
        int length = header.length();
        while (position < length && pairs < MAX_PAIRS) {
            int end = header.indexOf(';', position);
            if (end < 0) {
                end = length;
            }
            int from = skipSpace(header, position, end);
            int to = trimSpace(header, from, end);
            position = end + 1;
            if (from < to) {
                pairs++;
                int eq = header.indexOf('=', from);
                if (eq < 0 || eq >= to) {
                    nameFrom = from;
                    nameTo = from;
                    valueFrom = from;
                } else {
                    nameFrom = from;
                    nameTo = trimSpace(header, from, eq);
                    valueFrom = skipSpace(header, eq + 1, to);
                }
                valueTo = to;
                return true;
            }
        }
        return false;
    }

    /**
     * The value of the first pair named {@code name} that starts at or after {@code from}, as its range packed into
     * a long ({@code valueFrom << 32 | valueTo}); -1 when there is none. The same pairs as {@link #next} finds, the
     * {@link #MAX_PAIRS} bound included, but found with {@code indexOf} (a vectorised intrinsic) instead of walking
     * every pair: this is how the signed cookie is looked for on every request. {@code name} must be a non-empty
     * cookie name without {@code =} or {@code ;}.
     */
    static long findValue(String header, String name, int from) {
        for (int at = header.indexOf(name, from); at >= 0; at = header.indexOf(name, at + 1)) {
            int before = at - 1;
            while (before >= 0 && isSpace(header.charAt(before))) {
                before--;
            }
            if (before >= 0 && header.charAt(before) != ';') {
                continue; // inside another pair
            }
            int length = header.length();
            int end = header.indexOf(';', at);
            if (end < 0) {
                end = length;
            }
            int eq = at + name.length();
            while (eq < end && isSpace(header.charAt(eq))) {
                eq++;
            }
            if (eq >= end || header.charAt(eq) != '=') {
                continue; // a longer name, or no value
            }
            if (!withinBound(header, at)) {
                return -1;
            }
            int valueFrom = skipSpace(header, eq + 1, end);
            int valueTo = trimSpace(header, valueFrom, end);
            return (long) valueFrom << 32 | valueTo;
        }
        return -1;
    }

    /** Whether {@link #findValue} can look for {@code name}: a name a pair can have, without {@code =} or {@code ;}. */
    static boolean isFindable(String name) {
        return !name.isEmpty() && name.indexOf('=') < 0 && name.indexOf(';') < 0 && !isSpace(name.charAt(0))
                && !isSpace(name.charAt(name.length() - 1));
    }

    /** Whether the pair starting at {@code at} is among the first {@link #MAX_PAIRS} non-empty ones. */
    private static boolean withinBound(String header, int at) {
        // Every non-empty pair before it takes at least two characters (one and the ';'), so the pairs in [start, at)
        // number at most (at - start) / 2. Counting stops as soon as those plus the ones counted cannot reach the
        // bound: for a realistic header, after a pair or two rather than at every pair before the cookie.
        int pairs = 0;
        for (int start = 0; pairs + (at - start) / 2 >= MAX_PAIRS; ) {
            int end = header.indexOf(';', start);
            if (end < 0 || end >= at) {
                return true;
            }
            if (skipSpace(header, start, end) < end && ++pairs >= MAX_PAIRS) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    /** Whether the current pair's name is {@code name}. */
    boolean nameIs(String name) {
        int length = nameTo - nameFrom;
        return length == name.length() && header.regionMatches(nameFrom, name, 0, length);
    }

    String name() {
        return header.substring(nameFrom, nameTo);
    }

    String value() {
        return header.substring(valueFrom, valueTo);
    }

    int valueFrom() {
        return valueFrom;
    }

    int valueTo() {
        return valueTo;
    }

    String header() {
        return header;
    }

    private static int skipSpace(String header, int from, int to) {
        while (from < to && isSpace(header.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int trimSpace(String header, int from, int to) {
        while (to > from && isSpace(header.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    // String.strip's notion of white space, so both parsers agree; every ASCII one is at most U+0020, and the
    // common printable characters skip the slower general lookup.
    private static boolean isSpace(char c) {
        return (c <= ' ' || c >= 0x80) && Character.isWhitespace(c);
    }
}
