package dev.consentgate.core.signal;

import static dev.consentgate.core.signal.SignalFixtures.CLOCK;
import static dev.consentgate.core.signal.SignalFixtures.ONETRUST_ANALYTICS_ADS;
import static dev.consentgate.core.signal.SignalFixtures.ONETRUST_LANDING;
import static dev.consentgate.core.signal.SignalFixtures.cookies;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.consent.DecisionSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OneTrustSourceTest {

    private final ConsentSource onetrust = ConsentSource.consentManager(ConsentManager.ONETRUST, "OptanonConsent",
            ConsentManager.ONETRUST.defaultMapping(), CLOCK);

    @Test
    void decide_savedChoice_mapsGroups() {
        SignalDecision d = onetrust.decide(cookies("OptanonConsent", ONETRUST_ANALYTICS_ADS,
                "OptanonAlertBoxClosed", "2026-11-20T09:30:00.000Z")).orElseThrow();

        assertThat(d.source()).isEqualTo(DecisionSource.ONETRUST);
        assertThat(d.granted()).containsExactly("advertising", "analytics");
        assertThat(d.refused()).containsExactly("preferences");
    }

    @Test
    void decide_interactionCountWithoutAlertBoxCookie_counts() {
        assertThat(onetrust.decide(cookies("OptanonConsent", ONETRUST_ANALYTICS_ADS))).isPresent();
    }

    @Test
    void decide_landingPageDefaults_isNoDecision() {
        assertThat(onetrust.decide(cookies("OptanonConsent", ONETRUST_LANDING))).isEmpty();
    }

    @Test
    void decide_landingDefaultsButBannerClosed_counts() {
        assertThat(onetrust.decide(cookies("OptanonConsent", ONETRUST_LANDING, "OptanonAlertBoxClosed",
                "2026-11-20T09:30:00.000Z")).orElseThrow().granted())
                .containsExactly("advertising", "analytics", "preferences");
    }

    @Test
    void decide_wholeValueEncodedAgain_isRead() {
        String encodedAgain = ONETRUST_ANALYTICS_ADS.replace("%", "%25").replace("=", "%3D").replace("&", "%26");

        assertThat(onetrust.decide(cookies("OptanonConsent", encodedAgain)).orElseThrow().granted())
                .containsExactly("advertising", "analytics");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "groups", "interactionCount=1", "interactionCount=1&groups=C0002%3A2",
        "interactionCount=1&groups=C0002%3A1%2CC0002%3A0", "interactionCount=1&groups=C0002",
        "interactionCount=1&groups=%3A1", "interactionCount=1&groups=C0002%3A1%2C",
        "interactionCount=1&groups=C0002%3A1&groups=C0004%3A1", "interactionCount=1&groups=C0002%3A1%ZZ",
        "interactionCount=1&groups=C0002%3A1%2CC0004%3A1&AwaitingReconsent=true",
        "interactionCount=-1&groups=C0002%3A1", "interactionCount=x&groups=C0002%3A1",
        "interactionCount=0&groups=C0002%3A1%2CC0004%3A1",
    })
    void decide_malformedOrNotAChoice_isNoDecision(String value) {
        assertThat(onetrust.decide(cookies("OptanonConsent", value))).isEmpty();
    }

    @Test
    void decide_tooManyGroups_isNoDecision() {
        StringBuilder groups = new StringBuilder("interactionCount=1&groups=");
        for (int i = 0; i < 100; i++) {
            groups.append(i == 0 ? "" : "%2C").append("C").append(i).append("%3A1");
        }
        assertThat(onetrust.decide(cookies("OptanonConsent", groups.toString()))).isEmpty();
    }

    @Test
    void decide_groupsNotListed_refusesTheirCategories() {
        SignalDecision d = onetrust.decide(cookies("OptanonConsent", "interactionCount=2&groups=C0001%3A1"))
                .orElseThrow();

        assertThat(d.granted()).isEmpty();
        assertThat(d.refused()).containsExactly("advertising", "analytics", "preferences");
    }
}
