package dev.consentgate.core.consent;

import static java.util.Objects.requireNonNull;

/**
 * A secret that signs consent cookies, with the id written into each cookie so that keys can be rotated.
 *
 * <p>Immutable; the secret is copied in and out. {@link #toString()} never shows the secret.
 */
public final class SigningKey {

    /** Shortest secret accepted: 256 bits, the HMAC-SHA256 block output size (RFC 2104 §3). */
    public static final int MIN_SECRET_BYTES = 32;

    private final String id;
    private final byte[] secret;

    private SigningKey(String id, byte[] secret) {
        this.id = id;
        this.secret = secret;
    }

    /**
     * A key with the given id ({@code [A-Za-z0-9_-]{1,16}}) and secret (at least 32 bytes).
     *
     * @throws IllegalArgumentException naming what is wrong, never showing the secret
     */
    public static SigningKey of(String id, byte[] secret) {
        requireNonNull(id, "id");
        requireNonNull(secret, "secret");
        if (!id.matches("[A-Za-z0-9_-]{1,16}")) {
            throw new IllegalArgumentException("signing key id must match [A-Za-z0-9_-]{1,16}, got '" + id + "'");
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("signing key '" + id + "' must be at least " + MIN_SECRET_BYTES
                    + " bytes, got " + secret.length);
        }
        return new SigningKey(id, secret.clone());
    }

    public String id() {
        return id;
    }

    /** A copy of the secret. */
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "SigningKey[" + id + "]";
    }
}
