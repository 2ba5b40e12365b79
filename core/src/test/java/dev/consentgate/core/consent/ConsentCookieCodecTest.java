package dev.consentgate.core.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentCookieCodecTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");
    private static final Instant DECIDED = NOW.minusSeconds(60);
    private static final Instant EXPIRES = NOW.plus(Duration.ofDays(365));
    private static final UUID CONSENT_ID = UUID.fromString("3f1c2b9e-7d4a-4c1e-9b2f-5a6d7e8f9012");
    private static final int REVISION = 3;
    private static final Set<String> GRANTED = Set.of("analytics", "marketing");

    private final MutableClock clock = new MutableClock(NOW);
    private final ConsentCookieCodec codec = codec("k2", "k1");

    private ConsentCookieCodec codec(String... keyIdsNewestFirst) {
        List<SigningKey> keys = new ArrayList<>();
        for (String id : keyIdsNewestFirst) {
            keys.add(TestKeys.key(id));
        }
        return ConsentCookieCodec.create(SigningKeys.of(keys), clock);
    }

    private static ConsentState state(Set<String> granted) {
        return ConsentState.decided(CONSENT_ID, granted, REVISION, DECIDED, EXPIRES, DecisionSource.CHOICE);
    }

    private String valid() {
        return codec.encode(state(GRANTED));
    }

    /** Signs {@code unsigned} as the documented format says, independently of the codec. */
    private static String signed(String keyId, String unsigned) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(TestKeys.secretFor(keyId), "HmacSHA256"));
            byte[] signature = mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII));
            return unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base36(Instant instant) {
        return Long.toString(instant.getEpochSecond(), 36);
    }

    private static String consentIdField() {
        byte[] bytes = ByteBuffer.allocate(16).putLong(CONSENT_ID.getMostSignificantBits())
                .putLong(CONSENT_ID.getLeastSignificantBits()).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The unsigned part of a valid value, with the given categories field. */
    private static String unsigned(String categories) {
        return "1.k2." + consentIdField() + "." + REVISION + "." + base36(DECIDED) + "." + base36(EXPIRES) + "."
                + categories;
    }

    // --- round trip and format

    @Test
    void decode_encodedState_roundTripsWithSourceCookie() {
        ConsentState original = state(GRANTED);

        Optional<ConsentState> decoded = codec.decode(codec.encode(original), REVISION);

        assertThat(decoded).contains(original.withSource(DecisionSource.COOKIE));
        assertThat(decoded.orElseThrow().granted()).containsExactly("analytics", "marketing", "necessary");
    }

    @Test
    void decode_encodedNecessaryOnly_roundTrips() {
        ConsentState original = state(Set.of());

        assertThat(codec.decode(codec.encode(original), REVISION)).contains(original.withSource(DecisionSource.COOKIE));
    }

    @Test
    void decode_encodedSubSecondTimes_roundTripsTruncatedToSeconds() {
        Instant decided = DECIDED.plusNanos(987_654_321);
        Instant expires = EXPIRES.plusMillis(999);
        ConsentState original = ConsentState.decided(CONSENT_ID, GRANTED, REVISION, decided, expires,
                DecisionSource.CHOICE);

        ConsentState decoded = codec.decode(codec.encode(original), REVISION).orElseThrow();

        assertThat(decoded.decidedAt()).contains(decided.truncatedTo(ChronoUnit.SECONDS));
        assertThat(decoded.expiresAt()).contains(expires.truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void encode_anyState_followsDocumentedFormat() {
        String expected = signed("k2", unsigned("analytics~marketing"));

        assertThat(valid()).isEqualTo(expected);
    }

    @Test
    void encode_javadocExample_givesKnownValue() {
        // Pins the format: a change here breaks every cookie already issued.
        SigningKeys zeroKey = SigningKeys.of(List.of(SigningKey.of("k2", new byte[32])));
        Instant decided = Instant.parse("2025-03-01T10:15:30Z");
        ConsentState state = ConsentState.decided(CONSENT_ID, GRANTED, 3, decided, decided.plus(Duration.ofDays(365)),
                DecisionSource.CHOICE);

        String value = ConsentCookieCodec.create(zeroKey, clock).encode(state);

        assertThat(value).isEqualTo("1.k2.Pxwrnn1KTB6bL1ptfo-QEg.3.ssfwhu.tb7ttu.analytics~marketing."
                + "_lp5XfE2DVU6ZmWSwJIm_0_kiS9eTsIwb4Ibl5ktUak");
    }

    @Test
    void encode_anyState_usesOnlyCookieOctets() {
        Set<String> ids = Set.of("analytics", "a_b-c9", "z", "marketing", "x0");
        for (int i = 0; i < 50; i++) {
            ConsentState state = ConsentState.decided(UUID.randomUUID(), ids, i, DECIDED.plusSeconds(i), EXPIRES,
                    DecisionSource.CHOICE);

            String value = codec.encode(state);

            // RFC 6265 §4.1.1 cookie-octet
            assertThat(value.chars()).allMatch(c -> c == 0x21 || c >= 0x23 && c <= 0x2B || c >= 0x2D && c <= 0x3A
                    || c >= 0x3C && c <= 0x5B || c >= 0x5D && c <= 0x7E);
            assertThat(value).matches("[A-Za-z0-9_.~-]+");
        }
    }

    @Test
    void encode_newestKey_signsWithNewestKeyId() {
        assertThat(valid()).startsWith("1.k2.");
    }

    // --- length

    @Test
    void encode_fourCategoriesLongestKeyIdAndRevision_fitsMaxLength() {
        ConsentCookieCodec longId = codec("sixteen-chars-id");
        ConsentState state = ConsentState.decided(CONSENT_ID,
                Set.of("analytics", "marketing", "preferences", "functional"), Integer.MAX_VALUE, DECIDED,
                Instant.parse("9999-12-31T23:59:59Z"), DecisionSource.CHOICE);

        String value = longId.encode(state);

        assertThat(value).hasSizeLessThanOrEqualTo(ConsentCookieCodec.MAX_LENGTH);
        assertThat(longId.decode(value, Integer.MAX_VALUE)).isPresent();
    }

    @Test
    void encode_eightTenCharacterCategories_fitsMaxLength() {
        ConsentCookieCodec longId = codec("sixteen-chars-id");
        Set<String> granted = new LinkedHashSet<>();
        for (int i = 0; i < 8; i++) {
            granted.add("category-" + i);
        }
        ConsentState state = ConsentState.decided(CONSENT_ID, granted, 999, DECIDED, EXPIRES,
                DecisionSource.CHOICE);

        String value = longId.encode(state);

        assertThat(value).hasSizeLessThanOrEqualTo(ConsentCookieCodec.MAX_LENGTH);
        assertThat(longId.decode(value, 999).orElseThrow().granted()).containsAll(granted);
    }

    @Test
    void encode_eightLongestCategoryIds_throwsNamingLimit() {
        Set<String> granted = new LinkedHashSet<>();
        for (int i = 0; i < 8; i++) {
            granted.add(("category-" + i + "-").repeat(4).substring(0, 32));
        }
        ConsentState state = state(granted);

        assertThatThrownBy(() -> codec.encode(state))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("consent cookie would be 351 characters, over the limit of 200: 8 granted categories are"
                        + " too many or their ids too long");
    }

    // --- encode errors

    @Test
    void encode_undecidedState_throws() {
        assertThatThrownBy(() -> codec.encode(ConsentState.undecided(REVISION)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("only a decided consent state can be encoded");
    }

    @Test
    void encode_invalidCategoryId_throwsNamingIt() {
        ConsentState state = state(Set.of("analytics", "Bad.Id"));

        assertThatThrownBy(() -> codec.encode(state))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("granted category id must match [a-z][a-z0-9_-]{0,31}, got 'Bad.Id'");
    }

    @Test
    void encode_negativeRevision_throws() {
        ConsentState state = ConsentState.decided(CONSENT_ID, GRANTED, -1, DECIDED, EXPIRES, DecisionSource.CHOICE);

        assertThatThrownBy(() -> codec.encode(state))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy revision must not be negative, got -1");
    }

    @Test
    void encode_decidedBefore1970_throws() {
        ConsentState state = ConsentState.decided(CONSENT_ID, GRANTED, REVISION, Instant.EPOCH.minusSeconds(1),
                EXPIRES, DecisionSource.CHOICE);

        assertThatThrownBy(() -> codec.encode(state))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("decidedAt must not be before 1970-01-01T00:00:00Z");
    }

    // --- tampering

    @Test
    void decode_anySingleCharacterChanged_isEmpty() {
        String value = valid();
        for (int i = 0; i < value.length(); i++) {
            for (char replacement : new char[] {'a', 'B', '0', '.', '~', '-'}) {
                if (value.charAt(i) == replacement) {
                    continue;
                }
                String tampered = value.substring(0, i) + replacement + value.substring(i + 1);

                assertThat(codec.decode(tampered, REVISION)).as("changed at %d to %s", i, replacement).isEmpty();
            }
        }
    }

    @Test
    void decode_flippedPayloadCharacter_isEmpty() {
        String value = valid();
        int at = value.indexOf("analytics");
        String tampered = value.substring(0, at) + "b" + value.substring(at + 1);

        assertThat(codec.decode(tampered, REVISION)).isEmpty();
    }

    @Test
    void decode_flippedSignatureCharacter_isEmpty() {
        String value = valid();
        int at = value.length() - 10;
        char flipped = value.charAt(at) == 'A' ? 'B' : 'A';

        assertThat(codec.decode(value.substring(0, at) + flipped + value.substring(at + 1), REVISION)).isEmpty();
    }

    @Test
    void decode_signatureWithNonZeroUnusedBits_isEmpty() {
        String value = valid();
        // The last of 43 characters carries 4 used bits and 2 unused ones: set an unused bit.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(value.charAt(value.length() - 1));
        String tampered = value.substring(0, value.length() - 1) + alphabet.charAt(last ^ 1);

        assertThat(last & 3).isZero();
        assertThat(codec.decode(tampered, REVISION)).isEmpty();
    }

    @Test
    void decode_truncatedAtAnyPosition_isEmpty() {
        String value = valid();
        for (int length = 0; length < value.length(); length++) {
            assertThat(codec.decode(value.substring(0, length), REVISION)).as("truncated to %d", length).isEmpty();
            assertThat(codec.decode(value.substring(length + 1), REVISION)).as("head cut at %d", length).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", ".", "~", "A", "=", ".x", " "})
    void decode_extraSuffix_isEmpty(String suffix) {
        assertThat(codec.decode(valid() + suffix, REVISION)).isEmpty();
    }

    @Test
    void decode_keyIdSwappedToOtherConfiguredKey_isEmpty() {
        String swapped = valid().replaceFirst("^1\\.k2\\.", "1.k1.");

        assertThat(swapped).startsWith("1.k1.");
        assertThat(codec.decode(swapped, REVISION)).isEmpty();
    }

    @Test
    void decode_unknownKeyId_isEmpty() {
        assertThat(codec.decode(valid().replaceFirst("^1\\.k2\\.", "1.k9."), REVISION)).isEmpty();
        assertThat(codec.decode(signed("k9", unsigned("analytics").replaceFirst("k2", "k9")), REVISION)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "2", "9", "a", "11"})
    void decode_otherVersion_isEmpty(String version) {
        String value = valid();

        assertThat(codec.decode(version + value.substring(1), REVISION)).isEmpty();
        assertThat(codec.decode(signed("k2", version + unsigned("analytics").substring(1)), REVISION)).isEmpty();
    }

    @Test
    void decode_null_isEmpty() {
        assertThat(codec.decode(null, REVISION)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("garbage")
    void decode_garbage_isEmpty(String value) {
        assertThat(codec.decode(value, REVISION)).isEmpty();
    }

    static Stream<String> garbage() {
        String valid = new ConsentCookieCodecTest().valid();
        return Stream.of(
                "", " ", ".", "1", "1.", "1..", "1.k2", "1.k2.", "garbage", "%00", "\"" + valid + "\"",
                ".".repeat(100), "1." + ".".repeat(98), "1.k2" + ".".repeat(96), "~".repeat(100),
                "a".repeat(10_000), valid.repeat(50), "1.k2." + "A".repeat(9_000),
                valid.replace('a', 'é'), valid.replace('.', '\uFF0E'), valid.substring(0, 10) + "\u0000"
                        + valid.substring(11),
                valid.substring(0, 20) + "😀" + valid.substring(22), "\uD800".repeat(90), "\u00e9".repeat(120),
                valid.toUpperCase(), valid.replace('.', ','), valid.replace('.', ';'));
    }

    /** Validly signed values that break the format in one way each. */
    @ParameterizedTest
    @MethodSource("signedMalformed")
    void decode_signedButMalformed_isEmpty(String unsigned) {
        assertThat(codec.decode(signed("k2", unsigned), REVISION)).isEmpty();
    }

    static Stream<String> signedMalformed() {
        String id = consentIdField();
        String decided = base36(DECIDED);
        String expires = base36(EXPIRES);
        String prefix = "1.k2." + id + ".";
        return Stream.of(
                prefix + REVISION + "." + decided + "." + base36(DECIDED.minusSeconds(1)) + ".analytics",
                // expires before decided, both still ahead: ConsentState itself would refuse it
                prefix + REVISION + "." + base36(NOW.plusSeconds(7200)) + "." + base36(NOW.plusSeconds(3600))
                        + ".analytics",
                prefix + "0" + REVISION + "." + decided + "." + expires + ".analytics",
                prefix + "-" + REVISION + "." + decided + "." + expires + ".analytics",
                prefix + "+" + REVISION + "." + decided + "." + expires + ".analytics",
                prefix + "." + decided + "." + expires + ".analytics",
                prefix + REVISION + "." + decided + "." + expires,
                prefix + REVISION + "." + decided + "." + expires + ".analytics.extra",
                prefix + REVISION + "." + decided + ".." + expires + ".analytics",
                prefix + REVISION + "." + decided.toUpperCase() + "." + expires + ".analytics",
                prefix + REVISION + ".0" + decided + "." + expires + ".analytics",
                prefix + REVISION + "." + decided + "." + "z".repeat(11) + ".analytics",
                prefix + REVISION + "." + decided + "." + "1" + "0".repeat(11) + ".analytics",
                prefix + REVISION + "." + decided + "." + expires + ".Analytics",
                prefix + REVISION + "." + decided + "." + expires + ".analytics~~marketing",
                prefix + REVISION + "." + decided + "." + expires + ".analytics~",
                prefix + REVISION + "." + decided + "." + expires + ".~analytics",
                prefix + REVISION + "." + decided + "." + expires + ".1analytics",
                prefix + REVISION + "." + decided + "." + expires + "." + "a".repeat(33),
                "1.k2." + id.substring(1) + "." + REVISION + "." + decided + "." + expires + ".analytics",
                "1.k2." + id + "A." + REVISION + "." + decided + "." + expires + ".analytics",
                "1.k2." + id.substring(0, 21) + "B." + REVISION + "." + decided + "." + expires + ".analytics",
                "1.k2." + REVISION + "." + decided + "." + expires + ".analytics");
    }

    @Test
    void decode_signedLongestCategoryId_isPresent() {
        String longest = "a".repeat(32);

        assertThat(codec.decode(signed("k2", unsigned(longest)), REVISION).orElseThrow().granted())
                .contains(longest);
    }

    @Test
    void encode_anyConsentId_leavesUnusedBitsZero() {
        // The id's 22nd character carries 2 used bits and 4 unused ones, which signedMalformed sets with a "B".
        String id = valid().split("\\.")[2];

        assertThat(id).hasSize(22);
        assertThat(id.charAt(21)).isIn('A', 'Q', 'g', 'w');
    }

    // --- key rotation

    @Test
    void decode_cookieOfOldKeyStillListed_isPresent() {
        String old = codec("k1").encode(state(GRANTED));

        assertThat(old).startsWith("1.k1.");
        assertThat(codec("k2", "k1").decode(old, REVISION)).isPresent();
    }

    @Test
    void encode_afterRotation_signsWithNewKey() {
        assertThat(codec("k3", "k2", "k1").encode(state(GRANTED))).startsWith("1.k3.");
    }

    @Test
    void decode_cookieOfRemovedKey_isEmpty() {
        String old = codec("k1").encode(state(GRANTED));

        assertThat(codec("k2").decode(old, REVISION)).isEmpty();
    }

    @Test
    void decode_sameIdWithOtherSecret_isEmpty() {
        String value = valid();
        SigningKey impostor = SigningKey.of("k2", TestKeys.secretFor("someone else"));
        ConsentCookieCodec other = ConsentCookieCodec.create(SigningKeys.of(List.of(impostor)), clock);

        assertThat(other.decode(value, REVISION)).isEmpty();
    }

    // --- time and revision

    @Test
    void decode_justBeforeExpiry_isPresent() {
        String value = valid();
        clock.set(EXPIRES.minusNanos(1));

        assertThat(codec.decode(value, REVISION)).isPresent();
    }

    @Test
    void decode_atOrAfterExpiry_isEmpty() {
        String value = valid();
        clock.set(EXPIRES);
        assertThat(codec.decode(value, REVISION)).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(codec.decode(value, REVISION)).isEmpty();
    }

    @Test
    void decode_decidedWithinClockSkew_isPresent() {
        ConsentState state = ConsentState.decided(CONSENT_ID, GRANTED, REVISION, NOW.plus(Duration.ofDays(1)),
                EXPIRES, DecisionSource.CHOICE);

        assertThat(codec.decode(codec.encode(state), REVISION)).isPresent();
    }

    @Test
    void decode_decidedMoreThanADayAhead_isEmpty() {
        ConsentState state = ConsentState.decided(CONSENT_ID, GRANTED, REVISION,
                NOW.plus(Duration.ofDays(1)).plusSeconds(1), EXPIRES, DecisionSource.CHOICE);

        assertThat(codec.decode(codec.encode(state), REVISION)).isEmpty();
    }

    @Test
    void decode_otherRevision_isEmpty() {
        String value = valid();

        assertThat(codec.decode(value, REVISION + 1)).isEmpty();
        assertThat(codec.decode(value, REVISION - 1)).isEmpty();
        assertThat(codec.decode(value, -1)).isEmpty();
    }

    // --- robustness

    @Test
    void decode_thousandRandomStrings_neverThrowsAndIsEmpty() {
        Random random = new Random(20250301);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
        for (int i = 0; i < 1000; i++) {
            StringBuilder value = new StringBuilder();
            if (random.nextBoolean()) {
                value.append("1.k2.");
            }
            int length = random.nextInt(i % 10 == 0 ? 2000 : 200);
            for (int j = 0; j < length; j++) {
                value.append(random.nextInt(4) == 0 ? (char) random.nextInt(Character.MAX_VALUE + 1)
                        : alphabet.charAt(random.nextInt(alphabet.length())));
            }

            assertThat(codec.decode(value.toString(), REVISION)).as("random string %d", i).isEmpty();
        }
    }

    @Test
    void decode_thousandRandomEditsOfValidValue_neverThrowsAndIsEmpty() {
        Random random = new Random(42);
        String valid = valid();
        for (int i = 0; i < 1000; i++) {
            StringBuilder value = new StringBuilder(valid);
            int at = random.nextInt(valid.length());
            char c = (char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(Character.MAX_VALUE + 1));
            switch (random.nextInt(3)) {
                case 0 -> value.insert(at, c);
                case 1 -> value.deleteCharAt(at);
                default -> value.setCharAt(at, c);
            }
            if (value.toString().equals(valid)) {
                continue;
            }

            assertThat(codec.decode(value.toString(), REVISION)).as("edit %d", i).isEmpty();
        }
    }

    @Test
    void decode_manyThreads_agree() throws Exception {
        String value = valid();
        String forged = value.substring(0, value.length() - 1) + (value.endsWith("A") ? "Q" : "A");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    boolean right = true;
                    for (int i = 0; i < 2000; i++) {
                        right &= codec.decode(value, REVISION).isPresent();
                        right &= codec.decode(forged, REVISION).isEmpty();
                        right &= codec.decode(codec.encode(state(GRANTED)), REVISION).isPresent();
                    }
                    return right;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
