package dev.consentgate.core.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConsentStateTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void external_isDecidedWithoutIdOrTimes() {
        ConsentState s = ConsentState.external(Set.of("analytics"), 3, DecisionSource.TCF);

        assertThat(s.isDecided()).isTrue();
        assertThat(s.consentId()).isEmpty();
        assertThat(s.decidedAt()).isEmpty();
        assertThat(s.granted()).containsExactly("analytics", "necessary");
    }

    @Test
    void external_defaultOrOwnSource_isRejected() {
        assertThatThrownBy(() -> ConsentState.external(Set.of(), 1, DecisionSource.DEFAULT))
                .hasMessage("an external decision must name its source, got 'default'");
        assertThatThrownBy(() -> ConsentState.external(Set.of(), 1, DecisionSource.COOKIE))
                .hasMessage("a state from source 'cookie' must carry a consent ID");
    }

    @Test
    void decided_defaultSource_isRejected() {
        assertThatThrownBy(() -> ConsentState.decided(UUID.randomUUID(), Set.of(), 1, NOW, NOW, DecisionSource.DEFAULT))
                .hasMessage("a state with a consent ID must name the source that decided it");
    }

    @Test
    void without_keepsNecessaryAndEverythingElse() {
        ConsentState s = ConsentState.decided(UUID.randomUUID(), Set.of("analytics", "advertising"), 1, NOW,
                NOW.plusSeconds(5), DecisionSource.COOKIE);

        ConsentState less = s.without(Set.of("advertising", "necessary"));

        assertThat(less.granted()).containsExactly("analytics", "necessary");
        assertThat(less.consentId()).isEqualTo(s.consentId());
        assertThat(s.without(Set.of("other"))).isSameAs(s);
    }

    @Test
    void decisionSource_customName_isValidated() {
        assertThat(DecisionSource.of("mycmp").jsonName()).isEqualTo("mycmp");
        assertThat(DecisionSource.of("cookie")).isEqualTo(DecisionSource.COOKIE);
        assertThatThrownBy(() -> DecisionSource.of("My CMP"))
                .hasMessage("decision source name must match [a-z][a-z0-9_-]{0,31}, got 'My CMP'");
        assertThat(Optional.of(DecisionSource.GPC).map(DecisionSource::isOwn)).contains(false);
    }

    @Test
    void decided_timesWithNanoseconds_comeBackExactly() {
        Instant decided = Instant.parse("2026-11-25T12:00:00.123456789Z");
        Instant expires = Instant.parse("2027-11-25T12:00:00.000000001Z");
        UUID id = UUID.fromString("3f1c2b9e-7d4a-4c1e-9b2f-5a6d7e8f9012");
        ConsentState s = ConsentState.decided(id, Set.of("analytics"), 4, decided, expires, DecisionSource.CHOICE);

        assertThat(s.consentId()).contains(id);
        assertThat(s.decidedAt()).contains(decided);
        assertThat(s.expiresAt()).contains(expires);
        assertThat(s.withSource(DecisionSource.COOKIE).decidedAt()).contains(decided);
        assertThat(s.without(Set.of("analytics")).expiresAt()).contains(expires);
    }

    @Test
    void equalsAndHashCode_sameComponentsAnyFactory_areEqual() {
        UUID id = UUID.randomUUID();
        ConsentState a = ConsentState.decided(id, Set.of("b", "a"), 1, NOW, NOW.plusSeconds(9), DecisionSource.CHOICE);
        ConsentState b = new ConsentState(Optional.of(id), Set.of("a", "b", "necessary"), 1, Optional.of(NOW),
                Optional.of(NOW.plusSeconds(9)), DecisionSource.CHOICE);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).hasToString(b.toString());
        assertThat(a.toString()).isEqualTo("ConsentState[consentId=Optional[" + id + "], granted=[a, b, necessary],"
                + " policyRevision=1, decidedAt=Optional[" + NOW + "], expiresAt=Optional[" + NOW.plusSeconds(9)
                + "], source=choice]");
        assertThat(a).isNotEqualTo(a.withSource(DecisionSource.COOKIE))
                .isNotEqualTo(ConsentState.decided(id, Set.of("a"), 1, NOW, NOW.plusSeconds(9), DecisionSource.CHOICE))
                .isNotEqualTo(ConsentState.decided(id, Set.of("b", "a"), 1, NOW.plusNanos(1), NOW.plusSeconds(9),
                        DecisionSource.CHOICE));
        assertThat(ConsentState.undecided(2)).isEqualTo(ConsentState.undecided(2))
                .isNotEqualTo(ConsentState.undecided(3));
    }

    @Test
    void decidedAfter_comparesDecisionTimes() {
        ConsentState earlier = ConsentState.decided(UUID.randomUUID(), Set.of(), 1, NOW, NOW.plusSeconds(9),
                DecisionSource.COOKIE);
        ConsentState later = ConsentState.decided(UUID.randomUUID(), Set.of(), 1, NOW.plusNanos(1), NOW.plusSeconds(9),
                DecisionSource.COOKIE);

        assertThat(later.decidedAfter(earlier)).isTrue();
        assertThat(earlier.decidedAfter(later)).isFalse();
        assertThat(earlier.decidedAfter(earlier)).isFalse();
        assertThat(later.decidedAfter(ConsentState.undecided(1))).isFalse();
    }
}
