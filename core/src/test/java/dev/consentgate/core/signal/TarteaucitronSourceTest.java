package dev.consentgate.core.signal;

import static dev.consentgate.core.signal.SignalFixtures.CLOCK;
import static dev.consentgate.core.signal.SignalFixtures.TARTEAUCITRON;
import static dev.consentgate.core.signal.SignalFixtures.cookies;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TarteaucitronSourceTest {

    private final ConsentSource tac = ConsentSource.consentManager(ConsentManager.TARTEAUCITRON, "tarteaucitron",
            Map.of("gtag", "analytics", "facebookpixel", "advertising", "youtube", "preferences"), CLOCK);

    @Test
    void decide_trueFalseWait_onlyTrueGrants() {
        SignalDecision d = tac.decide(cookies("tarteaucitron", TARTEAUCITRON)).orElseThrow();

        assertThat(d.granted()).containsExactly("analytics");
        assertThat(d.refused()).containsExactly("advertising", "preferences");
    }

    @Test
    void decide_percentEncodedBangs_isRead() {
        assertThat(tac.decide(cookies("tarteaucitron", "%21gtag%3Dtrue%21youtube%3Dtrue")).orElseThrow().granted())
                .containsExactly("analytics", "preferences");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "!", "gtag=true", "!gtag", "!gtag=yes", "!gtag=true!gtag=false", "!=true", "!gtag=true!",
        "!gtag=true%ZZ", "!gtag=true!!youtube=true",
    })
    void decide_malformed_isNoDecision(String value) {
        assertThat(tac.decide(cookies("tarteaucitron", value))).isEmpty();
    }

    @Test
    void decide_manyServices_isNoDecision() {
        assertThat(tac.decide(cookies("tarteaucitron", "!s=true".repeat(300)))).isEmpty();
    }
}
