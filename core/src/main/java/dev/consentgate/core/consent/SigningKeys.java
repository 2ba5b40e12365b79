package dev.consentgate.core.consent;

import java.util.List;
import java.util.Optional;

/**
 * The keys consent cookies are signed and verified with, newest first: new cookies are signed with the newest, and
 * a cookie signed with any listed key still verifies, so a key can be rotated without logging everyone out.
 *
 * <p>Immutable and thread-safe.
 */
public final class SigningKeys {

    /** Environment variable holding the keys: a comma-separated {@code keyId:base64} list, newest first. */
    public static final String ENVIRONMENT_VARIABLE = "CONSENTGATE_SECRET";

    private SigningKeys() {
        throw new UnsupportedOperationException("skeleton: implemented by the codec work");
    }

    /** The given keys, newest first. */
    public static SigningKeys of(List<SigningKey> newestFirst) {
        throw new UnsupportedOperationException();
    }

    /**
     * Parses {@code keyId:base64,keyId:base64}, newest first (the format of {@value #ENVIRONMENT_VARIABLE}).
     *
     * @throws IllegalArgumentException naming the entry that is wrong, never echoing a secret
     */
    public static SigningKeys parse(String spec) {
        throw new UnsupportedOperationException();
    }

    /** The key new cookies are signed with. */
    public SigningKey newest() {
        throw new UnsupportedOperationException();
    }

    /** The key with this id, if listed. */
    public Optional<SigningKey> byId(String id) {
        throw new UnsupportedOperationException();
    }

    /** All keys, newest first. */
    public List<SigningKey> all() {
        throw new UnsupportedOperationException();
    }
}
