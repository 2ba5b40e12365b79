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
}
