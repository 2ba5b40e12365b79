package dev.consentgate.core.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Signing keys for tests: each id gets its own fixed secret, so runs are repeatable. */
final class TestKeys {

    private TestKeys() {
    }

    /** A key whose secret is the SHA-256 of its id. */
    static SigningKey key(String id) {
        return SigningKey.of(id, secretFor(id));
    }

    static byte[] secretFor(String id) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
