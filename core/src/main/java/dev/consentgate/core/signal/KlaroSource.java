package dev.consentgate.core.signal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Klaro's {@code klaro} cookie: a JSON object of service name → consented, %-encoded or not, such as
 * {@code {"googleAnalytics":true,"facebookPixel":false}}. A value that is not an object of booleans is no decision.
 * Immutable and thread-safe.
 */
final class KlaroSource implements ConsentSource {

    private static final int MAX_SERVICES = 128;

    private final String cookieName;
    private final CategoryMapping mapping;

    KlaroSource(String cookieName, CategoryMapping mapping) {
        this.cookieName = cookieName;
        this.mapping = mapping;
    }

    @Override
    public Optional<SignalDecision> decide(SignalRequest request) {
        return CookieValues.single(request, cookieName).flatMap(CookieValues::jsonObject)
                .flatMap(KlaroSource::consents).map(mapping::decide);
    }

    private static Optional<Map<String, Boolean>> consents(JsonNode cookie) {
        if (cookie.size() > MAX_SERVICES) {
            return Optional.empty();
        }
        Map<String, Boolean> consents = new HashMap<>();
        for (Map.Entry<String, JsonNode> service : cookie.properties()) {
            if (!service.getValue().isBoolean()) {
                return Optional.empty();
            }
            consents.put(service.getKey(), service.getValue().booleanValue());
        }
        return Optional.of(consents);
    }
}
