package dev.consentgate.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The cache of verified values for repeat visitors: a value is answered from it only when it is exactly a value
 * that verified, under the same revision and while its times still hold.
 */
class ConsentCookieCodecCacheTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");
    private static final Instant DECIDED = NOW.minusSeconds(60);
    private static final Instant EXPIRES = NOW.plus(Duration.ofDays(30));
    private static final int REVISION = 3;

    private final MutableClock clock = new MutableClock(NOW);

    private ConsentCookieCodec codec(String... keyIdsNewestFirst) {
        return ConsentCookieCodec.create(SigningKeys.of(java.util.Arrays.stream(keyIdsNewestFirst)
                .map(TestKeys::key).toList()), clock);
    }

    private static ConsentState state(Set<String> granted) {
        return ConsentState.decided(UUID.fromString("3f1c2b9e-7d4a-4c1e-9b2f-5a6d7e8f9012"), granted, REVISION,
                DECIDED, EXPIRES, DecisionSource.CHOICE);
    }

    /** Decodes often enough that the value is cached (it is admitted the second time it verifies). */
    private static Optional<ConsentState> repeated(ConsentCookieCodec codec, String value) {
        Optional<ConsentState> first = codec.decode(value, REVISION);
        for (int i = 0; i < 3; i++) {
            assertThat(codec.decode(value, REVISION)).isEqualTo(first);
        }
        return first;
    }

    /** A value granting analytics, decoded often enough to be in {@code codec}'s cache. */
    private static String cached(ConsentCookieCodec codec) {
        String value = codec.encode(state(Set.of("analytics")));
        assertThat(repeated(codec, value)).isPresent();
        return value;
    }

    @Test
    void decode_repeatedValue_answersTheSameStateEachTime() {
        ConsentCookieCodec codec = codec("k2");
        String value = codec.encode(state(Set.of("analytics")));
        Optional<ConsentState> decoded = repeated(codec, value);
        assertThat(decoded).contains(state(Set.of("analytics")).withSource(DecisionSource.COOKIE));
        assertThat(codec.decode(value, REVISION).orElseThrow()).isSameAs(codec.decode(value, REVISION).orElseThrow());
    }

    @Test
    void decode_forgedVariantsOfACachedValue_areEmpty() {
        ConsentCookieCodec codec = codec("k2");
        String value = cached(codec);
        int signatureDot = value.lastIndexOf('.');
        String payload = value.substring(0, signatureDot);
        String signature = value.substring(signatureDot);
        // The cached value's signature on a payload granting more: the signature is what picks the cache slot.
        assertThat(codec.decode(payload.replace("analytics", "advertising") + signature, REVISION)).isEmpty();
        assertThat(codec.decode(payload + "~marketing" + signature, REVISION)).isEmpty();
        // One character of the signature changed, first and last.
        char first = signature.charAt(1) == 'A' ? 'B' : 'A';
        assertThat(codec.decode(payload + "." + first + signature.substring(2), REVISION)).isEmpty();
        char last = signature.charAt(signature.length() - 1) == 'A' ? 'Q' : 'A';
        assertThat(codec.decode(value.substring(0, value.length() - 1) + last, REVISION)).isEmpty();
        // A prefix and an extension of the cached value.
        assertThat(codec.decode(value.substring(0, value.length() - 1), REVISION)).isEmpty();
        assertThat(codec.decode(value + "A", REVISION)).isEmpty();
        // And the real one is still answered.
        assertThat(codec.decode(value, REVISION)).isPresent();
    }

    @Test
    void decode_anyCharacterSwappedForOneWithTheSameLowByte_isEmpty() {
        // The signed characters are copied out keeping their low byte only: a character above U+00FF that shares it
        // with the genuine one must never verify, whether the genuine value is cached or not.
        ConsentCookieCodec fresh = codec("k2");
        ConsentCookieCodec warm = codec("k2");
        String value = cached(warm);
        for (int i = 0; i < value.length(); i++) {
            for (int high : new int[] {0x100, 0xff00}) {
                String lookalike = value.substring(0, i) + (char) (value.charAt(i) + high) + value.substring(i + 1);
                String header = "a=\u0141; consentgate=" + lookalike;
                for (ConsentCookieCodec codec : new ConsentCookieCodec[] {fresh, warm}) {
                    for (int round = 0; round < 2; round++) {
                        assertThat(codec.decode(lookalike, REVISION)).as("position %d", i).isEmpty();
                        assertThat(codec.decode(header, header.length() - lookalike.length(), header.length(),
                                REVISION)).as("position %d in a header", i).isEmpty();
                    }
                }
            }
        }
        assertThat(fresh.decode(value, REVISION)).isPresent();
        assertThat(warm.decode(value, REVISION)).isPresent();
    }

    @Test
    void decodeOr_answersTheStateOrTheFallbackAsDecodeDoes() {
        ConsentCookieCodec codec = codec("k2");
        String value = codec.encode(state(Set.of("analytics")));
        ConsentState fallback = ConsentState.undecided(REVISION);
        String header = "a=1; consentgate=" + value + "; b=2";
        int from = header.indexOf(value);
        for (int round = 0; round < 3; round++) {
            assertThat(codec.decodeOr(header, from, from + value.length(), REVISION, fallback))
                    .isEqualTo(state(Set.of("analytics")).withSource(DecisionSource.COOKIE));
            assertThat(codec.decodeOr(header, from, from + value.length(), REVISION + 1, fallback))
                    .isSameAs(fallback);
            assertThat(codec.decodeOr(header, from + 1, from + value.length(), REVISION, null)).isNull();
        }
    }

    @Test
    void decode_cachedValueOnceExpired_isEmpty() {
        ConsentCookieCodec codec = codec("k2");
        String value = cached(codec);
        clock.set(EXPIRES.minusSeconds(1));
        assertThat(codec.decode(value, REVISION)).isPresent();
        clock.set(EXPIRES);
        assertThat(codec.decode(value, REVISION)).isEmpty();
        clock.set(EXPIRES.plus(Duration.ofDays(400)));
        assertThat(codec.decode(value, REVISION)).isEmpty();
    }

    @Test
    void decode_cachedValueWhenClockGoesBackBeyondSkew_isEmpty() {
        ConsentCookieCodec codec = codec("k2");
        String value = cached(codec);
        clock.set(DECIDED.minus(Duration.ofHours(25)));
        assertThat(codec.decode(value, REVISION)).isEmpty();
        clock.set(NOW);
        assertThat(codec.decode(value, REVISION)).isPresent();
    }

    @Test
    void decode_cachedValueUnderAnotherRevision_isEmpty() {
        ConsentCookieCodec codec = codec("k2");
        String value = cached(codec);
        assertThat(codec.decode(value, REVISION + 1)).isEmpty();
        assertThat(codec.decode(value, REVISION - 1)).isEmpty();
        assertThat(codec.decode(value, REVISION)).isPresent();
    }

    @Test
    void decode_afterKeyRotation_followsTheNewKeySet() {
        ConsentCookieCodec old = codec("k1");
        String signedByOld = old.encode(state(Set.of("analytics")));
        repeated(old, signedByOld);
        // Rotation builds a new codec: the retired key's values no longer verify, the kept ones still do.
        assertThat(repeated(codec("k2"), signedByOld)).isEmpty();
        ConsentCookieCodec rotated = codec("k2", "k1");
        assertThat(repeated(rotated, signedByOld)).isPresent();
        String signedByNew = rotated.encode(state(Set.of("analytics")));
        assertThat(repeated(rotated, signedByNew)).isPresent();
        assertThat(repeated(old, signedByNew)).isEmpty();
    }

    @Test
    void decode_manyDistinctValues_eachAnswersItsOwnState() {
        ConsentCookieCodec codec = codec("k2");
        List<Set<String>> choices = List.of(Set.of(), Set.of("analytics"), Set.of("analytics", "preferences"));
        int count = 3 * ConsentCookieCodec.CACHE_SLOTS;
        String[] values = new String[count];
        ConsentState[] states = new ConsentState[count];
        for (int i = 0; i < count; i++) {
            states[i] = ConsentState.decided(new UUID(i, 7L * i), choices.get(i % 3), REVISION, DECIDED.plusSeconds(i),
                    EXPIRES, DecisionSource.CHOICE);
            values[i] = codec.encode(states[i]);
        }
        // Three rounds: colliding values take each other's slots, and none is ever answered with another's state.
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < count; i++) {
                assertThat(codec.decode(values[i], REVISION)).contains(states[i].withSource(DecisionSource.COOKIE));
            }
        }
    }

    @Test
    void decode_rangeOfALongerText_equalsDecodingTheValue() {
        ConsentCookieCodec codec = codec("k2");
        String value = codec.encode(state(Set.of("analytics")));
        String header = "a=1; consentgate=" + value + "; b=2";
        int from = header.indexOf(value);
        assertThat(codec.decode(header, from, from + value.length(), REVISION))
                .isEqualTo(codec.decode(value, REVISION)).isPresent();
        assertThat(codec.decode(header, from, from + value.length() + 1, REVISION)).isEmpty();
        assertThat(codec.decode(header, from - 1, from + value.length(), REVISION)).isEmpty();
    }
}
