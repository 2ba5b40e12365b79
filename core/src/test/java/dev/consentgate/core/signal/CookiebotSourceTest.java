package dev.consentgate.core.signal;

import static dev.consentgate.core.signal.SignalFixtures.CLOCK;
import static dev.consentgate.core.signal.SignalFixtures.COOKIEBOT_ALL_PLAIN;
import static dev.consentgate.core.signal.SignalFixtures.COOKIEBOT_STATISTICS;
import static dev.consentgate.core.signal.SignalFixtures.cookies;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.consent.DecisionSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CookiebotSourceTest {

    private final ConsentSource cookiebot = ConsentSource.consentManager(ConsentManager.COOKIEBOT, "CookieConsent",
            ConsentManager.COOKIEBOT.defaultMapping(), CLOCK);

    @Test
    void decide_encodedStatisticsOnly_grantsAnalyticsRefusesTheRest() {
        SignalDecision d = cookiebot.decide(cookies("CookieConsent", COOKIEBOT_STATISTICS)).orElseThrow();

        assertThat(d.source()).isEqualTo(DecisionSource.COOKIEBOT);
        assertThat(d.granted()).containsExactly("analytics");
        assertThat(d.refused()).containsExactly("advertising", "preferences");
    }

    @Test
    void decide_plainAcceptAll_grantsAllThree() {
        assertThat(cookiebot.decide(cookies("CookieConsent", COOKIEBOT_ALL_PLAIN)).orElseThrow().granted())
                .containsExactly("advertising", "analytics", "preferences");
    }

    @Test
    void decide_customMapping_mapsOwnNames() {
        ConsentSource mapped = ConsentSource.consentManager(ConsentManager.COOKIEBOT, "CookieConsent",
                Map.of("statistics", "stats", "marketing", "stats"), CLOCK);

        assertThat(mapped.decide(cookies("CookieConsent", COOKIEBOT_STATISTICS)).orElseThrow().refused())
                .containsExactly("stats"); // both must be consented
        assertThat(mapped.decide(cookies("CookieConsent", COOKIEBOT_ALL_PLAIN)).orElseThrow().granted())
                .containsExactly("stats");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-1", "-2", "true", "", "{}x", "{", "}",
        // implied consent, and Cookiebot's placeholder stamp: nobody chose
        "{stamp:'-1',necessary:true,preferences:true,statistics:true,marketing:true,method:'explicit',ver:1}",
        "{stamp:'abc',necessary:true,preferences:true,statistics:true,marketing:true,method:'implied',ver:1}",
        "{stamp:'abc',necessary:true,preferences:true,statistics:true,marketing:true,ver:1}",
        // broken syntax, a key twice, junk, bad escapes
        "{stamp:'abc,necessary:true,statistics:true,method:'explicit'}",
        "{stamp:'abc',statistics:true,statistics:false,method:'explicit'}",
        "{stamp:'abc',statistics:yes,method:'explicit'}",
        "{stamp:'abc',statistics:true;marketing:true,method:'explicit'}",
        "{stamp:'abc',\"statistics\":true,method:'explicit'}",
        "{stamp:%27abc%27%2Cstatistics:true%2Cmethod:%27explicit%27%ZZ}",
        "{stamp:%27abc%27%2Cstatistics:true%2Cmethod:%27explicit%27%E0%80}",
        "{stamp:'abc',statistics:true,method:'explicit',}",
        "{stamp:'abc',,statistics:true,method:'explicit'}",
    })
    void decide_malformedOrNotAChoice_isNoDecision(String value) {
        assertThat(cookiebot.decide(cookies("CookieConsent", value))).isEmpty();
    }

    @Test
    void decide_hugeOrManyKeys_isNoDecision() {
        StringBuilder many = new StringBuilder("{stamp:'a',method:'explicit'");
        for (int i = 0; i < 40; i++) {
            many.append(",k").append(i).append(":true");
        }
        assertThat(cookiebot.decide(cookies("CookieConsent", many.append('}').toString()))).isEmpty();
        assertThat(cookiebot.decide(cookies("CookieConsent", "{stamp:'" + "a".repeat(5_000)
                + "',statistics:true,method:'explicit'}"))).isEmpty();
    }

    @Test
    void decide_mappedNameMissing_refusesItsCategory() {
        SignalDecision d = cookiebot.decide(cookies("CookieConsent",
                "{stamp:'abc',necessary:true,statistics:true,method:'explicit',ver:1}")).orElseThrow();

        assertThat(d.granted()).containsExactly("analytics");
        assertThat(d.refused()).containsExactly("advertising", "preferences");
    }
}
