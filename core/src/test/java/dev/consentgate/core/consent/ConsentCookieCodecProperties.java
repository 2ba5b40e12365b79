package dev.consentgate.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.Fuzz;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The signed consent cookie against hostile values: only what the codec itself signed with a current key ever
 * decodes, so no forged, edited, re-signed, truncated or padded value can grant a category.
 */
@AddLifecycleHook(Fuzz.LongBudget.class)
class ConsentCookieCodecProperties {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    private static final int REVISION = 3;
    private static final List<String> CATEGORIES = List.of("preferences", "analytics", "marketing", "advertising",
            "a", "x-1_2");

    private final ConsentCookieCodec codec = ConsentCookieCodec.create(
            SigningKeys.of(List.of(TestKeys.key("k2"), TestKeys.key("k1"))), Clock.fixed(NOW, ZoneOffset.UTC));

    @Property(tries = 500)
    void decode_anyText_isEmptyQuicklyWithoutThrowing(@ForAll("hostile") String value) {
        Fuzz.assertFast("decode", () -> assertThat(codec.decode(value, REVISION)).isEmpty());
    }

    @Property(tries = 500)
    void decode_signedCookieChangedInAnyWay_isEmpty(@ForAll("mutatedCookies") String[] originalAndMutated) {
        Assume.that(!originalAndMutated[0].equals(originalAndMutated[1]));

        assertThat(codec.decode(originalAndMutated[1], REVISION)).isEmpty();
    }

    @Property(tries = 300)
    void decode_payloadSignedWithAKeyNotListed_isEmpty(@ForAll("states") ConsentState state,
            @ForAll("keyIds") String keyId, @ForAll("secrets") byte[] secret, @ForAll("categoryLists") String edited) {
        String genuine = codec.encode(state);
        String[] fields = genuine.substring(0, genuine.lastIndexOf('.')).split("\\.", -1);
        fields[1] = keyId; // any id, the codec's own ones included
        fields[6] = edited;
        Assume.that(!Arrays.equals(secret, TestKeys.secretFor(keyId)));

        assertThat(codec.decode(sign(String.join(".", fields), secret), REVISION)).isEmpty();
    }

    @Property(tries = 300)
    void decode_whatEncodeWrote_isTheSameDecision(@ForAll("states") ConsentState state) {
        ConsentState decoded = codec.decode(codec.encode(state), REVISION).orElseThrow();

        assertThat(decoded.consentId()).isEqualTo(state.consentId());
        assertThat(decoded.granted()).isEqualTo(state.granted());
        assertThat(decoded.decidedAt()).isEqualTo(state.decidedAt());
        assertThat(decoded.expiresAt()).isEqualTo(state.expiresAt());
    }

    @Property(tries = 500)
    void decode_genuineButOfAnotherRevision_isEmpty(@ForAll("states") ConsentState state,
            @ForAll int otherRevision) {
        Assume.that(otherRevision != REVISION);

        assertThat(codec.decode(codec.encode(state), otherRevision)).isEmpty();
    }

    @Provide
    Arbitrary<String> hostile() {
        // A mutation can leave the genuine value as it was (a character replaced by itself): that one must decode.
        return Arbitraries.oneOf(Fuzz.hostile(), states().flatMap(s -> {
            String genuine = codec.encode(s);
            return Fuzz.mutations(genuine).filter(m -> !m.equals(genuine));
        }));
    }

    @Provide
    Arbitrary<String[]> mutatedCookies() {
        return states().flatMap(s -> {
            String genuine = codec.encode(s);
            return Fuzz.mutations(genuine).map(m -> new String[] {genuine, m});
        });
    }

    @Provide
    Arbitrary<ConsentState> states() {
        Arbitrary<Set<String>> granted = Arbitraries.of(CATEGORIES).set().ofMaxSize(4).map(TreeSet::new);
        Arbitrary<Long> decidedSecondsAgo = Arbitraries.longs().between(0, Duration.ofDays(400).toSeconds());
        Arbitrary<Long> lifetimeSeconds = Arbitraries.longs().between(1, Duration.ofDays(800).toSeconds());
        return Combinators.combine(Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong())), granted,
                decidedSecondsAgo, lifetimeSeconds).as((id, g, ago, lifetime) -> {
                    Instant decided = NOW.minusSeconds(ago);
                    Instant expires = decided.plusSeconds(Math.max(lifetime, ago + 1));
                    return ConsentState.decided(id, g, REVISION, decided, expires, DecisionSource.CHOICE);
                });
    }

    @Provide
    Arbitrary<String> keyIds() {
        return Arbitraries.oneOf(Arbitraries.of("k1", "k2", "k3"),
                Arbitraries.strings().withChars("abk-_").numeric().ofMinLength(1).ofMaxLength(16));
    }

    @Provide
    Arbitrary<byte[]> secrets() {
        return Arbitraries.oneOf(Arbitraries.of(TestKeys.secretFor("k3"), TestKeys.secretFor("k1x")),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64));
    }

    @Provide
    Arbitrary<String> categoryLists() {
        return Arbitraries.of(CATEGORIES).list().ofMaxSize(4).map(l -> String.join("~", l));
    }

    /** Signs as the format documents, with any secret. */
    private static String sign(String unsigned, byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] signature = mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII));
            return unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
