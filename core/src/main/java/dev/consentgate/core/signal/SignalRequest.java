package dev.consentgate.core.signal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a {@link ConsentSource} may read of a request, without servlet types: the cookies exactly as the browser sent
 * them, and the request headers.
 *
 * <p>Cookie values are raw: quotes, commas and %-escapes are left as they came, because consent managers put JSON
 * and URL-encoded text in their cookies that containers' cookie parsers reject or mangle. Immutable apart from the
 * header lookup it was given; not meant to outlive the request.
 */
public final class SignalRequest {

    /**
     * One {@code name=value} pair of the {@code Cookie} header.
     *
     * @param name  the cookie name
     * @param value the value as sent, not unquoted or decoded
     */
    public record RawCookie(String name, String value) {
        public RawCookie {
            requireNonNull(name, "name");
            requireNonNull(value, "value");
        }
    }

    // The raw Cookie header when built from it, else null; the pairs are then read from it only when asked for.
    private final String cookieHeader;
    private volatile List<RawCookie> cookies;
    private final Function<String, String> headers;

    private SignalRequest(String cookieHeader, List<RawCookie> cookies, Function<String, String> headers) {
        this.cookieHeader = cookieHeader;
        this.cookies = cookies;
        this.headers = headers;
    }

    /**
     * A request with these cookies, in header order, and headers looked up by {@code headers}, which gets a header
     * name in any case and answers its first value or null (as {@code HttpServletRequest::getHeader} does).
     */
    public static SignalRequest of(List<RawCookie> cookies, Function<String, String> headers) {
        return new SignalRequest(null, List.copyOf(requireNonNull(cookies, "cookies")),
                requireNonNull(headers, "headers"));
    }

    /**
     * A request whose cookies are those of the raw {@code Cookie} header value {@code cookieHeader} (null or empty:
     * none), with headers looked up as for {@link #of(List, Function)}. The header is read in place: the filter's own
     * signed cookie is found and verified without splitting it into strings, and the pairs are made only if a source
     * asks for {@link #cookies()}. Several {@code Cookie} headers are one value joined with {@code "; "}.
     */
    public static SignalRequest ofCookieHeader(String cookieHeader, Function<String, String> headers) {
        return new SignalRequest(cookieHeader == null ? "" : cookieHeader, null, requireNonNull(headers, "headers"));
    }

    /** The raw {@code Cookie} header this request was made from; null when it was made from pairs. */
    String cookieHeader() {
        return cookieHeader;
    }

    /** A request with these cookies and headers; header names are matched in any case. */
    public static SignalRequest of(List<RawCookie> cookies, Map<String, String> headers) {
        requireNonNull(headers, "headers");
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        return of(cookies, byName::get);
    }

    /** Every cookie, in the order the browser sent them. */
    public List<RawCookie> cookies() {
        List<RawCookie> parsed = cookies;
        if (parsed == null) {
            List<RawCookie> pairs = new ArrayList<>();
            CookiePairs cursor = new CookiePairs(cookieHeader);
            while (cursor.next()) {
                pairs.add(new RawCookie(cursor.name(), cursor.value()));
            }
            parsed = List.copyOf(pairs);
            cookies = parsed; // racing threads parse the same header to equal lists
        }
        return parsed;
    }

    /** The raw values of every cookie called {@code name} (a browser may send several, for other paths or domains). */
    public List<String> cookieValues(String name) {
        requireNonNull(name, "name");
        List<String> values = new ArrayList<>(1);
        for (RawCookie c : cookies()) {
            if (c.name().equals(name)) {
                values.add(c.value());
            }
        }
        return values;
    }

    /** Whether a cookie called {@code name} was sent. */
    public boolean hasCookie(String name) {
        requireNonNull(name, "name");
        return cookies().stream().anyMatch(c -> c.name().equals(name));
    }

    /** The first value of the header, when present. */
    public Optional<String> header(String name) {
        requireNonNull(name, "name");
        return Optional.ofNullable(headers.apply(name.toLowerCase(Locale.ROOT)));
    }
}
