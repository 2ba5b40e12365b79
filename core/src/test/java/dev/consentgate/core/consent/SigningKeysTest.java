package dev.consentgate.core.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SigningKeysTest {

    // 32 bytes whose base64 holds '+' and '/' (so '-' and '_' url-safe) and ends in one '=' of padding.
    private static final byte[] SECRET = secret();
    private static final String STANDARD = Base64.getEncoder().encodeToString(SECRET);
    private static final String STANDARD_UNPADDED = Base64.getEncoder().withoutPadding().encodeToString(SECRET);
    private static final String URL_SAFE = Base64.getUrlEncoder().encodeToString(SECRET);
    private static final String URL_SAFE_UNPADDED = Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET);
    private static final String OTHER = Base64.getEncoder().encodeToString(TestKeys.secretFor("other"));
    // 16 bytes: too short, yet valid base64
    private static final String SHORT = Base64.getEncoder().encodeToString(new byte[16]);

    private static byte[] secret() {
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (i % 3 == 0 ? 0xfb : i % 3 == 1 ? 0xff : 0xbf);
        }
        return secret;
    }

    @Test
    void fixture_secret_usesBothAlphabetsAndPadding() {
        assertThat(STANDARD).contains("+", "/").endsWith("=");
        assertThat(URL_SAFE).contains("-", "_").endsWith("=");
    }

    @Test
    void parse_severalKeys_keepsOrderNewestFirst() {
        SigningKeys keys = SigningKeys.parse("k3:" + STANDARD + ",k2:" + OTHER + ",k1:" + URL_SAFE_UNPADDED);

        assertThat(keys.all()).extracting(SigningKey::id).containsExactly("k3", "k2", "k1");
        assertThat(keys.newest().id()).isEqualTo("k3");
        assertThat(keys.newest().secret()).isEqualTo(SECRET);
        assertThat(keys.byId("k2").orElseThrow().secret()).isEqualTo(TestKeys.secretFor("other"));
        assertThat(keys.byId("k1").orElseThrow().secret()).isEqualTo(SECRET);
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void parse_anyBase64Variant_decodesSameSecret(String encoded) {
        SigningKeys keys = SigningKeys.parse("k1:" + encoded);

        assertThat(keys.newest().secret()).isEqualTo(SECRET);
    }

    static Stream<String> encodings() {
        return Stream.of(STANDARD, STANDARD_UNPADDED, URL_SAFE, URL_SAFE_UNPADDED);
    }

    @Test
    void parse_spacesAroundEntriesIdsAndSecrets_areTrimmed() {
        SigningKeys keys = SigningKeys.parse("  k2 : " + STANDARD + " ,\tk1:" + OTHER + "  ");

        assertThat(keys.all()).extracting(SigningKey::id).containsExactly("k2", "k1");
        assertThat(keys.newest().secret()).isEqualTo(SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void parse_invalidSpec_throwsNamingEntryWithoutSecret(String spec, String message, String secret) {
        assertThatThrownBy(() -> SigningKeys.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message)
                .hasNoCause()
                .message().doesNotContain(secret);
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of("k2:" + OTHER + ",k1:" + SHORT,
                        "signing key entry 2 ('k1') has a secret of 16 bytes; at least 32 are required", SHORT),
                Arguments.of("k1:" + STANDARD.replace('+', '*'),
                        "signing key entry 1 ('k1') has a secret that is not base64 (standard or url-safe)",
                        STANDARD.substring(0, 8)),
                Arguments.of("k1:" + STANDARD + "==",
                        "signing key entry 1 ('k1') has a secret that is not base64 (standard or url-safe)",
                        STANDARD.substring(0, 8)),
                Arguments.of("k1:" + STANDARD_UNPADDED + "AB",
                        "signing key entry 1 ('k1') has a secret that is not base64 (standard or url-safe)",
                        STANDARD.substring(0, 8)),
                Arguments.of("k1:" + OTHER + "," + STANDARD,
                        "signing key entry 2 has no ':'; expected keyId:base64", STANDARD.substring(0, 8)),
                Arguments.of("k1:" + OTHER + ",k1:" + STANDARD,
                        "signing key entry 2 repeats key id 'k1'", STANDARD.substring(0, 8)),
                Arguments.of(STANDARD + ":k1",
                        "signing key entry 1 has an invalid key id; it must match [A-Za-z0-9_-]{1,16}",
                        STANDARD.substring(0, 8)),
                Arguments.of("k1:",
                        "signing key entry 1 ('k1') has no secret after ':'", "k1:"),
                Arguments.of("k1:" + STANDARD + ",",
                        "signing key entry 2 is empty; expected keyId:base64", STANDARD.substring(0, 8)),
                Arguments.of("   ",
                        "signing key list is empty; expected keyId:base64,keyId:base64", "="));
    }

    @Test
    void of_emptyList_throws() {
        assertThatThrownBy(() -> SigningKeys.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("signing keys must not be empty");
    }

    @Test
    void of_duplicateIds_throwsNamingId() {
        List<SigningKey> keys = List.of(TestKeys.key("k1"), SigningKey.of("k1", SECRET));

        assertThatThrownBy(() -> SigningKeys.of(keys))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate signing key id 'k1'");
    }

    @Test
    void byId_unlistedId_isEmpty() {
        SigningKeys keys = SigningKeys.of(List.of(TestKeys.key("k1")));

        assertThat(keys.byId("k2")).isEmpty();
        assertThat(keys.byId("K1")).isEmpty();
    }

    @Test
    void all_afterOf_isUnmodifiable() {
        SigningKeys keys = SigningKeys.of(List.of(TestKeys.key("k1")));

        assertThatThrownBy(() -> keys.all().add(TestKeys.key("k2")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toString_anyKeys_showsIdsOnly() {
        SigningKeys keys = SigningKeys.parse("k2:" + STANDARD + ",k1:" + OTHER);

        assertThat(keys).hasToString("SigningKeys[k2, k1]");
    }

    @Test
    void fromEnvironment_variableMissingOrBlank_isEmpty() {
        assertThat(SigningKeys.fromEnvironment(Map.of())).isEmpty();
        assertThat(SigningKeys.fromEnvironment(Map.of(SigningKeys.ENVIRONMENT_VARIABLE, " "))).isEmpty();
    }

    @Test
    void fromEnvironment_variableSet_parsesIt() {
        Map<String, String> env = Map.of("CONSENTGATE_SECRET", "k2:" + STANDARD + ",k1:" + OTHER);

        assertThat(SigningKeys.fromEnvironment(env).orElseThrow().all())
                .extracting(SigningKey::id).containsExactly("k2", "k1");
    }

    @Test
    void fromEnvironment_invalidVariable_throwsNamingVariableWithoutSecret() {
        Map<String, String> env = Map.of(SigningKeys.ENVIRONMENT_VARIABLE, STANDARD);

        assertThatThrownBy(() -> SigningKeys.fromEnvironment(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CONSENTGATE_SECRET: signing key entry 1 has no ':'; expected keyId:base64")
                .hasNoCause();
    }

    @Test
    void generate_anyRandom_makes32ByteKeyWithId() {
        SigningKey key = SigningKeys.generate("demo", new SecureRandom());

        assertThat(key.id()).isEqualTo("demo");
        assertThat(key.secret()).hasSize(32);
    }

    @Test
    void generate_twice_makesDifferentSecrets() {
        SecureRandom random = new SecureRandom();

        assertThat(SigningKeys.generate("a", random).secret())
                .isNotEqualTo(SigningKeys.generate("a", random).secret());
    }

    @Test
    void format_anyKey_parsesBackToSameKey() {
        SigningKey key = SigningKey.of("k1", SECRET);

        String formatted = SigningKeys.format(key);

        assertThat(formatted).isEqualTo("k1:" + URL_SAFE_UNPADDED);
        SigningKey parsed = SigningKeys.parse(formatted).newest();
        assertThat(parsed.id()).isEqualTo("k1");
        assertThat(parsed.secret()).isEqualTo(SECRET);
    }
}
