package dev.consentgate.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The scanners the codec reads client input with, against the JDK's own reading of the same text. */
class CookieValueSyntaxTest {

    private static final String VALUE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";

    @Test
    void decodeBase64Url_everyLengthOfRandomBytes_decodesWhatTheJdkEncoded() {
        Random random = new Random(4648);
        for (int length = 0; length <= 48; length++) {
            for (int round = 0; round < 20; round++) {
                byte[] bytes = new byte[length];
                random.nextBytes(bytes);
                String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                String text = "x." + encoded + ".y";
                byte[] out = new byte[length + 3];
                assertThat(CookieValueSyntax.decodeBase64Url(text, 2, encoded.length(), out)).isTrue();
                assertThat(Arrays.copyOf(out, length)).as("%d bytes", length).isEqualTo(bytes);
            }
        }
    }

    @Test
    void decodeBase64Url_anyStringOfUpTo6Characters_acceptsExactlyTheCanonicalEncodings() {
        // Canonical: every character in the alphabet and the JDK encodes the decoded bytes back to the same text.
        Random random = new Random(3548);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.~\u0141\u00c1";
        for (int round = 0; round < 20_000; round++) {
            char[] chars = new char[random.nextInt(7)];
            for (int i = 0; i < chars.length; i++) {
                // Mostly base64url characters (so that valid strings are common), sometimes any other.
                chars[i] = random.nextInt(8) == 0 ? alphabet.charAt(64 + random.nextInt(alphabet.length() - 64))
                        : alphabet.charAt(random.nextInt(64));
            }
            String text = new String(chars);
            byte[] out = new byte[8];
            assertThat(CookieValueSyntax.decodeBase64Url(text, 0, text.length(), out)).as("'%s'", text)
                    .isEqualTo(isCanonical(text));
        }
    }

    private static boolean isCanonical(String text) {
        try {
            byte[] decoded = Base64.getUrlDecoder().decode(text);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(decoded).equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void areValueBytes_eachByteValue_acceptsOnlyTheValueCharacters() {
        for (int b = 0; b < 256; b++) {
            byte[] bytes = "abc.de".getBytes(StandardCharsets.US_ASCII);
            bytes[3] = (byte) b;
            assertThat(CookieValueSyntax.areValueBytes(bytes, 1, 5)).as("byte %d", b)
                    .isEqualTo(VALUE_CHARS.indexOf(b) >= 0);
            // Outside the range, anything goes.
            assertThat(CookieValueSyntax.areValueBytes(bytes, 4, 6)).isTrue();
        }
    }
}
