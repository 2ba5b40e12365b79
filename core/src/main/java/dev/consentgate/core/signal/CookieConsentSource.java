package dev.consentgate.core.signal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads orestbida/cookieconsent's {@code cc_cookie}: JSON, %-encoded or not, such as
 * {@code {"categories":["necessary","analytics"],"revision":0,"data":null,"consentTimestamp":"…","consentId":"…",
 * "services":{…},"languageCode":"en","lastConsentTimestamp":"…","expirationTime":1767225600000}} (version 3) or
 * {@code {"level":["necessary","analytics"],"revision":0,"data":null,"rfc_cookie":false}} (version 2).
 *
 * <p>The listed categories are consented; the site's other categories are not. A version 3 value whose
 * {@code expirationTime} has passed is no decision. Immutable and thread-safe.
 */
final class CookieConsentSource implements ConsentSource {

    private static final int MAX_CATEGORIES = 64;

    private final String cookieName;
    private final CategoryMapping mapping;
    private final Clock clock;

    CookieConsentSource(String cookieName, CategoryMapping mapping, Clock clock) {
        this.cookieName = cookieName;
        this.mapping = mapping;
        this.clock = clock;
    }

    @Override
    public Optional<SignalDecision> decide(SignalRequest request) {
        return CookieValues.single(request, cookieName).flatMap(CookieValues::jsonObject).flatMap(this::consents)
                .map(mapping::decide);
    }

    private Optional<Map<String, Boolean>> consents(JsonNode cookie) {
        JsonNode expiration = cookie.get("expirationTime");
        if (expiration != null && (!expiration.canConvertToLong()
                || expiration.longValue() <= clock.millis())) {
            return Optional.empty();
        }
        JsonNode categories = cookie.has("categories") ? cookie.get("categories") : cookie.get("level");
        if (categories == null || !categories.isArray() || categories.size() > MAX_CATEGORIES) {
            return Optional.empty();
        }
        Map<String, Boolean> consents = new HashMap<>();
        for (JsonNode c : categories) {
            if (!c.isTextual() || c.textValue().length() > 64) {
                return Optional.empty();
            }
            consents.put(c.textValue(), Boolean.TRUE);
        }
        return Optional.of(consents);
    }
}
