package dev.consentgate.core.signal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Cookiebot's {@code CookieConsent} cookie: a JavaScript object literal, usually %-encoded, such as
 * {@code {stamp:'…',necessary:true,preferences:false,statistics:true,marketing:false,method:'explicit',ver:1,
 * utc:1700000000000,region:'de'}}.
 *
 * <p>Only an explicit choice counts: {@code method:'implied'} (consent assumed where the site's Cookiebot settings
 * allow it) and the placeholder values Cookiebot writes when it asked nothing ({@code -1}, {@code -2}, stamp
 * {@code '-1'}) are no decision. Immutable and thread-safe.
 */
final class CookiebotSource implements ConsentSource {

    private static final int MAX_ENTRIES = 32;

    private final String cookieName;
    private final CategoryMapping mapping;

    CookiebotSource(String cookieName, CategoryMapping mapping) {
        this.cookieName = cookieName;
        this.mapping = mapping;
    }

    @Override
    public Optional<SignalDecision> decide(SignalRequest request) {
        return CookieValues.single(request, cookieName)
                .flatMap(v -> CookieValues.percentDecode(v, false))
                .flatMap(CookiebotSource::parse)
                .filter(fields -> "'explicit'".equals(fields.get("method")) && !"'-1'".equals(fields.get("stamp")))
                .map(fields -> {
                    Map<String, Boolean> consents = new HashMap<>();
                    fields.forEach((k, v) -> {
                        if (v.equals("true") || v.equals("false")) {
                            consents.put(k, v.equals("true"));
                        }
                    });
                    return mapping.decide(consents);
                });
    }

    /** {@code {key:value,…}} with identifier keys and values that are {@code 'text'}, booleans or numbers. */
    static Optional<Map<String, String>> parse(String text) {
        if (text.length() < 2 || text.charAt(0) != '{' || text.charAt(text.length() - 1) != '}'
                || text.endsWith(",}")) {
            return Optional.empty();
        }
        Map<String, String> fields = new HashMap<>();
        int i = 1;
        int end = text.length() - 1;
        while (i < end) {
            int colon = text.indexOf(':', i);
            if (colon < 0 || colon >= end || !isIdentifier(text, i, colon)) {
                return Optional.empty();
            }
            int valueEnd;
            if (text.charAt(colon + 1) == '\'') {
                int close = text.indexOf('\'', colon + 2);
                if (close < 0 || close >= end) {
                    return Optional.empty();
                }
                valueEnd = close + 1;
            } else {
                valueEnd = colon + 1;
                while (valueEnd < end && text.charAt(valueEnd) != ',') {
                    valueEnd++;
                }
                if (!isScalar(text, colon + 1, valueEnd)) {
                    return Optional.empty();
                }
            }
            if (valueEnd < end && text.charAt(valueEnd) != ',' || fields.size() >= MAX_ENTRIES
                    || fields.put(text.substring(i, colon), text.substring(colon + 1, valueEnd)) != null) {
                return Optional.empty(); // junk after a value, too many keys, or a key twice
            }
            i = valueEnd + 1;
        }
        return Optional.of(fields);
    }

    private static boolean isIdentifier(String s, int from, int to) {
        if (from >= to || to - from > 32 || !Character.isLetter(s.charAt(from))) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isScalar(String s, int from, int to) {
        String v = s.substring(from, to);
        return v.equals("true") || v.equals("false") || v.matches("-?[0-9]{1,20}");
    }
}
