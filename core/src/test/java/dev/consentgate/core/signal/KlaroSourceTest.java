package dev.consentgate.core.signal;

import static dev.consentgate.core.signal.SignalFixtures.CLOCK;
import static dev.consentgate.core.signal.SignalFixtures.KLARO_ENCODED;
import static dev.consentgate.core.signal.SignalFixtures.KLARO_PLAIN;
import static dev.consentgate.core.signal.SignalFixtures.cookies;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KlaroSourceTest {

    private final ConsentSource klaro = ConsentSource.consentManager(ConsentManager.KLARO, "klaro",
            Map.of("googleAnalytics", "analytics", "facebookPixel", "advertising", "youtube", "advertising"), CLOCK);

    @Test
    void decide_encoded_categoryNeedsEveryMappedService() {
        SignalDecision d = klaro.decide(cookies("klaro", KLARO_ENCODED)).orElseThrow();

        assertThat(d.granted()).containsExactly("analytics");
        assertThat(d.refused()).containsExactly("advertising");
    }

    @Test
    void decide_plainAllServices_grantsBoth() {
        assertThat(klaro.decide(cookies("klaro", KLARO_PLAIN)).orElseThrow().granted())
                .containsExactly("advertising", "analytics");
    }

    @Test
    void decide_quoted_isRead() {
        assertThat(klaro.decide(cookies("klaro", "\"" + KLARO_ENCODED + "\""))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "{", "[true]", "{\"googleAnalytics\":\"true\"}", "{\"googleAnalytics\":1}",
        "{\"googleAnalytics\":true,\"googleAnalytics\":false}", "{\"googleAnalytics\":{\"x\":true}}",
        "{\"googleAnalytics\":true}{}", "%7B%22googleAnalytics%22%3Atrue%7", "%7B%22googleAnalytics%22%3Atru%E0%7D",
    })
    void decide_malformedOrHostile_isNoDecision(String value) {
        assertThat(klaro.decide(cookies("klaro", value))).isEmpty();
    }

    @Test
    void decide_manyServices_isNoDecision() {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 200; i++) {
            many.append(i == 0 ? "" : ",").append("\"s").append(i).append("\":true");
        }
        assertThat(klaro.decide(cookies("klaro", many.append('}').toString()))).isEmpty();
    }
}
