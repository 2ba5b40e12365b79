package dev.consentgate.core.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cookie names a category covers: exact names, name prefixes (such as {@code _ga_}) and regular expressions.
 *
 * <p>Matching precedence across all categories is decided by the classifier (exact name, then the longest prefix,
 * then the first matching regex); this type only holds the rules. Patterns must match the whole name.
 *
 * <p>Immutable and thread-safe.
 *
 * @param names    exact cookie names (case-sensitive, as cookie names are: RFC 6265 §5.3)
 * @param prefixes name prefixes; a name matches when it starts with one
 * @param patterns regular expressions matched against the whole name
 */
public record CookieMatchers(Set<String> names, List<String> prefixes, List<Pattern> patterns) {

    private static final CookieMatchers NONE = new CookieMatchers(Set.of(), List.of(), List.of());

    public CookieMatchers {
        names = Set.copyOf(requireNonNull(names, "names"));
        prefixes = List.copyOf(requireNonNull(prefixes, "prefixes"));
        patterns = List.copyOf(requireNonNull(patterns, "patterns"));
        names.forEach(name -> checkToken("cookie name", name));
        prefixes.forEach(prefix -> checkToken("cookie name prefix", prefix));
    }

    /** RFC 6265 §4.1.1: a cookie name is an RFC 2616 token; anything else is a typo that would never match. */
    private static void checkToken(String what, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                throw new IllegalArgumentException(what + " must be a token without spaces, separators or control"
                        + " characters, got '" + value + "'");
            }
        }
    }

    /** Matches no cookie. */
    public static CookieMatchers none() {
        return NONE;
    }

    /** Exact names only. */
    public static CookieMatchers names(String... names) {
        return new CookieMatchers(Set.of(names), List.of(), List.of());
    }

    /** A copy that also covers the given prefixes. */
    public CookieMatchers withPrefixes(String... more) {
        return new CookieMatchers(names, concat(prefixes, List.of(more)), patterns);
    }

    /** A copy that also covers the given regular expressions (compiled here; a bad one throws). */
    public CookieMatchers withPatterns(String... regexes) {
        List<Pattern> compiled = java.util.Arrays.stream(regexes).map(Pattern::compile).toList();
        return new CookieMatchers(names, prefixes, concat(patterns, compiled));
    }

    /** Whether no rule is present. */
    public boolean isEmpty() {
        return names.isEmpty() && prefixes.isEmpty() && patterns.isEmpty();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        var all = new java.util.ArrayList<T>(a);
        all.addAll(b);
        return all;
    }
}
