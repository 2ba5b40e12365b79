package dev.consentgate.core.tracking;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The ad attribution parameters of a query string: {@code utm_*} (Google Analytics campaign parameters),
 * {@code gclid} (Google Ads) and {@code fbclid} (Meta). Everything else in the query is dropped. Only the query
 * string is read, never a form body.
 */
final class AdParams {

    static final int MAX_PARAMS = 16;
    static final int MAX_VALUE = 256;
    private static final int MAX_QUERY = 8_192;
    private static final Pattern NAME = Pattern.compile("utm_[a-z0-9_]{1,28}|gclid|fbclid");

    private AdParams() {
    }

    /** The parameters, sorted by name; the first value of each; values percent-decoded, cleaned and cut. */
    static Map<String, String> of(String query) {
        if (query.isEmpty() || query.length() > MAX_QUERY) {
            return Map.of();
        }
        Map<String, String> params = new TreeMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name == null || eq < 0 || !NAME.matcher(name).matches() || params.containsKey(name)) {
                continue;
            }
            String value = decode(pair.substring(eq + 1));
            if (value != null && !value.isEmpty()) {
                params.put(name, LogSafe.clean(value, MAX_VALUE));
                if (params.size() == MAX_PARAMS) {
                    break;
                }
            }
        }
        return params.isEmpty() ? Map.of() : Collections.unmodifiableMap(params);
    }

    /** Form-style percent-decoding ({@code +} is a space); null when malformed. */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
