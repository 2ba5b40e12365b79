package dev.consentgate.core.signal;

import static dev.consentgate.core.signal.SignalFixtures.CLOCK;
import static dev.consentgate.core.signal.SignalFixtures.cookies;
import static dev.consentgate.core.signal.SignalFixtures.tc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.consent.DecisionSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** TC strings made by IAB's own encoder, read through IAB's decoder with the default mapping. */
class TcfSourceTest {

    private static final SignalsConfig DEFAULTS = SignalsConfig.defaults();
    private final ConsentSource tcf = ConsentSource.tcf("euconsent-v2", DEFAULTS.tcfPurposes(),
            Map.of("advertising", Set.of(1)), CLOCK);
    private final ConsentSource plain = ConsentSource.tcf("euconsent-v2", DEFAULTS.tcfPurposes(), Map.of(), CLOCK);

    private Optional<SignalDecision> decide(ConsentSource source, String tcString) {
        return source.decide(cookies("euconsent-v2", tcString));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "allPurposes                         | advertising analytics preferences",
        "analyticsOnly                       | analytics",
        "advertisingOnly                     | advertising",
        "preferencesOnly                     | preferences",
        "allPurposesNoSpecialFeatures        | advertising analytics preferences",
        "everythingButPurposeOne             | ''",
        "purposeOneOnly                      | ''",
        "analyticsWithoutPurpose9            | ''",
        "legitimateInterestOnly              | ''",
        "consentOneAndLegitimateInterestRest | ''",
        "rejectAll                           | ''",
        "publisherSegment                    | analytics",
        "purposeOneTreatment                 | ''",
    })
    void decide_encodedByIab_grantsCategoriesWhosePurposesAllHaveConsent(String fixture, String granted) {
        Set<String> expected = granted.isEmpty() ? Set.of() : Set.of(granted.split(" "));

        SignalDecision d = decide(plain, tc(fixture)).orElseThrow();

        assertThat(d.source()).isEqualTo(DecisionSource.TCF);
        assertThat(d.granted()).isEqualTo(expected);
        assertThat(d.refused()).containsExactlyInAnyOrderElementsOf(
                DEFAULTS.tcfPurposes().keySet().stream().filter(c -> !expected.contains(c)).toList());
    }

    @Test
    void decide_specialFeatureRequiredButNotOptedIn_refusesThatCategory() {
        assertThat(decide(tcf, tc("allPurposesNoSpecialFeatures")).orElseThrow().refused())
                .containsExactly("advertising");
        assertThat(decide(tcf, tc("allPurposes")).orElseThrow().granted())
                .containsExactly("advertising", "analytics", "preferences");
    }

    @Test
    void decide_lastUpdatedOver13MonthsAgo_isNoDecision() {
        assertThat(decide(plain, tc("staleAllPurposes"))).isEmpty();
    }

    @Test
    void decide_lastUpdatedFarAheadOfTheClock_isNoDecision() {
        Clock past = Clock.fixed(Instant.parse("2026-10-01T00:00:00Z"), ZoneOffset.UTC);
        ConsentSource early = ConsentSource.tcf("euconsent-v2", DEFAULTS.tcfPurposes(), Map.of(), past);

        assertThat(early.decide(cookies("euconsent-v2", tc("allPurposes")))).isEmpty();
    }

    @Test
    void decide_quotedValue_isRead() {
        assertThat(decide(plain, "\"" + tc("analyticsOnly") + "\"").orElseThrow().granted())
                .containsExactly("analytics");
    }

    @Test
    void decide_otherCookieName_readsOnlyThatCookie() {
        ConsentSource named = ConsentSource.tcf("tc", DEFAULTS.tcfPurposes(), Map.of(), CLOCK);

        assertThat(named.decide(cookies("euconsent-v2", tc("allPurposes")))).isEmpty();
        assertThat(named.decide(cookies("tc", tc("analyticsOnly"))).orElseThrow().granted())
                .containsExactly("analytics");
    }

    @Test
    void decide_twoDifferentTcStrings_isNoDecision() {
        assertThat(plain.decide(cookies("euconsent-v2", tc("allPurposes"), "euconsent-v2", tc("rejectAll"))))
                .isEmpty();
        assertThat(plain.decide(cookies("euconsent-v2", tc("allPurposes"), "euconsent-v2", tc("allPurposes"))))
                .isPresent();
    }

    @Test
    void decide_everyTruncationOfARealString_neverThrowsNorGrantsMore() {
        String full = tc("analyticsOnly");
        for (int cut = 0; cut < full.length(); cut++) {
            Optional<SignalDecision> d = decide(plain, full.substring(0, cut));
            d.ifPresent(decision -> assertThat(decision.granted()).isSubsetOf(Set.of("analytics")));
        }
    }

    @Test
    void decide_everySingleCharacterChange_neverThrows() {
        String full = tc("allPurposes");
        String alphabet = "AZaz09-_./+= %";
        for (int i = 0; i < full.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                decide(tcf, full.substring(0, i) + c + full.substring(i + 1));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", ".", "..", "C.", ".C", "CQtB..Hw", "not a tc string", "CQtBkHwQtBkHwAKACBENA8FsAP_gAAAAAAYg%3D",
        "CQtBkHwQtBkHwAKACBENA8FsAP+gAAAAAAYgIzQA", "////", "A", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "__________________________________________________",
        // a TCF v1 consent string: the decoder reads it, but it is not TCF v2
        "BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA",
        "{\"purposes\":[1,2,3]}", "CQtBkHwQtBkHwAKACBENA8FsAP_gAAAAAAYgIzQAgF5gRmAvOACAvMAA\u0000",
    })
    void decide_malformedOrHostile_isNoDecision(String value) {
        assertThat(decide(tcf, value)).isEmpty();
    }

    @Test
    void decide_hugeValue_isNoDecisionWithoutDecoding() {
        assertThat(decide(tcf, "C" + "A".repeat(100_000))).isEmpty();
        assertThat(decide(tcf, tc("allPurposes") + "." + "f".repeat(5_000))).isEmpty();
    }

    @Test
    void decide_noCookie_isNoDecision() {
        assertThat(tcf.decide(cookies("other", tc("allPurposes")))).isEmpty();
    }
}
