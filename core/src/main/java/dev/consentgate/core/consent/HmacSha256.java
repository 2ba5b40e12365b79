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
    /** The SHA-256 block: where {@link #compute} expects the message in its input array. */
    static final int BLOCK = 64;

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
     * Writes HMAC(key, {@code input[BLOCK, BLOCK + length)}) into {@code out[0, 32)}: the caller puts the message
     * one block into {@code input}, whose first block this fills with the inner padded key, so the inner hash is one
     * {@code update} over both; {@code outer[0, BLOCK + 32)} is scratch for the outer hash the same way. Four calls
     * into the digest instead of six, and no copy of the inner hash: the JDK's per-call work (checks, buffering,
     * padding) costs more than the SHA-256 blocks themselves, which its intrinsic computes. {@code sha256} must be
     * reset (as {@code digest} leaves it) and is left reset.
     */
    void compute(MessageDigest sha256, byte[] input, int length, byte[] outer, byte[] out) {
        try {
            System.arraycopy(innerPad, 0, input, 0, BLOCK);
            sha256.update(input, 0, BLOCK + length);
            sha256.digest(outer, BLOCK, LENGTH);
            System.arraycopy(outerPad, 0, outer, 0, BLOCK);
            sha256.update(outer, 0, BLOCK + LENGTH);
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
