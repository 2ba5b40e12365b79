package dev.consentgate.core.consent;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA256 (RFC 2104) for one key, computed with a caller's reused JDK {@code SHA-256} digest into the caller's
 * arrays.
 *
 * <p>Why not {@code javax.crypto.Mac}: its {@code doFinal(byte[], int)} still allocates a 32-byte array per call
 * (the inner hash), which was the only allocation left when verifying a consent cookie. This computes the same
 * function with the same number of SHA-256 blocks and allocates nothing; the tests check it against {@code Mac} for
 * keys and messages of every length that matters. Used only to verify; signing keeps using {@code Mac}.
 *
 * <p>Immutable and thread-safe (the padded keys are never written after construction); the digest and arrays passed
 * in must be the calling thread's own.
 */
final class HmacSha256 {

    static final int LENGTH = 32;
    private static final int BLOCK = 64;

    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];

    HmacSha256(byte[] key) {
        // RFC 2104 §2: a key longer than the block is hashed first; a shorter one is padded with zeros.
        byte[] k = key.length > BLOCK ? newDigest().digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
        if (k != key) {
            Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * Writes HMAC(key, {@code message[0, length)}) into {@code out[0, 32)}, using {@code innerHash[0, 32)} as
     * scratch. {@code sha256} must be reset (as {@code digest} leaves it) and is left reset.
     */
    void compute(MessageDigest sha256, byte[] message, int length, byte[] innerHash, byte[] out) {
        try {
            sha256.update(innerPad);
            sha256.update(message, 0, length);
            sha256.digest(innerHash, 0, LENGTH);
            sha256.update(outerPad);
            sha256.update(innerHash, 0, LENGTH);
            sha256.digest(out, 0, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 output buffer too short", e);
        }
    }

    /** A fresh SHA-256 digest. */
    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
