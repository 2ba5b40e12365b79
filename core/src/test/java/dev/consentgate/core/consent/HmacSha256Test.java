package dev.consentgate.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The allocation-free HMAC must be exactly the JDK's HmacSHA256. */
class HmacSha256Test {

    @Test
    void compute_anyKeyAndMessageLength_equalsJdkMac() throws Exception {
        Random random = new Random(2104);
        MessageDigest digest = HmacSha256.newDigest();
        byte[] input = new byte[HmacSha256.BLOCK + 400];
        byte[] outer = new byte[HmacSha256.BLOCK + 32];
        byte[] ours = new byte[32];
        // Keys around the 64-byte block (shorter ones are padded, longer ones hashed first) and messages around the
        // block boundaries and the longest cookie value.
        for (int keyLength : new int[] {1, 31, 32, 63, 64, 65, 100, 200}) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            HmacSha256 hmac = new HmacSha256(key);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (int length = 0; length <= 400; length += length < 130 ? 1 : 27) {
                byte[] message = new byte[length + 5];
                random.nextBytes(message);
                System.arraycopy(message, 0, input, HmacSha256.BLOCK, length);
                hmac.compute(digest, input, length, outer, ours);
                mac.update(message, 0, length);
                assertThat(ours).as("key %d bytes, message %d bytes", keyLength, length).isEqualTo(mac.doFinal());
            }
        }
    }
}
