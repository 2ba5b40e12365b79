package dev.consentgate.core.signal;

import static dev.consentgate.core.signal.SignalFixtures.CC_V2_ENCODED;
import static dev.consentgate.core.signal.SignalFixtures.CC_V3_ANALYTICS;
import static dev.consentgate.core.signal.SignalFixtures.CLOCK;
import static dev.consentgate.core.signal.SignalFixtures.cookies;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CookieConsentSourceTest {

    private final ConsentSource equalIds = ConsentSource.consentManager(ConsentManager.COOKIECONSENT, "cc_cookie",
            Map.of(), CLOCK);

    @Test
    void decide_version3_grantsListedCategoriesByEqualId() {
        SignalDecision d = equalIds.decide(cookies("cc_cookie", CC_V3_ANALYTICS)).orElseThrow();

        assertThat(d.granted()).containsExactly("analytics", "necessary");
        assertThat(d.refused()).isEmpty();
    }

    @Test
    void decide_version2Encoded_readsLevel() {
        assertThat(equalIds.decide(cookies("cc_cookie", CC_V2_ENCODED)).orElseThrow().granted())
                .containsExactly("advertising", "necessary", "preferences");
    }

    @Test
    void decide_mapping_requiresEveryMappedCategory() {
        ConsentSource mapped = ConsentSource.consentManager(ConsentManager.COOKIECONSENT, "cc_cookie",
                Map.of("analytics", "analytics", "marketing", "advertising", "targeting", "advertising"), CLOCK);

        SignalDecision d = mapped.decide(cookies("cc_cookie", CC_V3_ANALYTICS.replace("\"analytics\"]",
                "\"analytics\",\"marketing\"]"))).orElseThrow();

        assertThat(d.granted()).containsExactly("analytics");
        assertThat(d.refused()).containsExactly("advertising");
    }

    @Test
    void decide_expired_isNoDecision() {
        assertThat(equalIds.decide(cookies("cc_cookie", CC_V3_ANALYTICS.replace("1810807200000",
                "1764000000000")))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "{}", "[]", "null", "analytics", "{\"categories\":\"analytics\"}", "{\"categories\":[1,2]}",
        "{\"categories\":[\"analytics\"]} trailing", "{\"categories\":[\"analytics\"],\"categories\":[]}",
        "{\"categories\":[\"analytics\"],\"expirationTime\":\"soon\"}",
        "{\"categories\":[\"analytics\"],\"expirationTime\":1e999999}",
        "{\"categories\":[\"analytics\"],\"expirationTime\":123456789012345678901234567890}",
        "{\"categories\":[[[[[[[[[[[[[[[[[[[[\"analytics\"]]]]]]]]]]]]]]]]]]]]}",
        "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":{}}}}}}}}},\"categories\":[\"analytics\"]}",
        "%7B%22categories%22%3A%5B%22analytics%22%5D%ZZ", "%7B%22categories%22%3A%5B%22analytics%E0%80%22%5D%7D",
        "{\"categories\":[\"analytics\"]", "{'categories':['analytics']}",
    })
    void decide_malformedOrHostile_isNoDecision(String value) {
        assertThat(equalIds.decide(cookies("cc_cookie", value))).isEmpty();
    }

    @Test
    void decide_hugeStringsOrManyCategories_isNoDecision() {
        assertThat(equalIds.decide(cookies("cc_cookie", "{\"categories\":[\"" + "a".repeat(5_000) + "\"]}")))
                .isEmpty();
        StringBuilder many = new StringBuilder("{\"categories\":[");
        for (int i = 0; i < 100; i++) {
            many.append(i == 0 ? "" : ",").append("\"c").append(i).append('"');
        }
        assertThat(equalIds.decide(cookies("cc_cookie", many.append("]}").toString()))).isEmpty();
    }

    @Test
    void decide_namesThatCannotBeCategoryIds_areIgnored() {
        assertThat(equalIds.decide(cookies("cc_cookie", "{\"categories\":[\"Analytics\",\"a b\",\"analytics\"]}"))
                .orElseThrow().granted()).containsExactly("analytics");
    }
}
