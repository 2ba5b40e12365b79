package dev.consentgate.core.log;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that signs each record's hash and the log's head, so that someone with write access to the log but not
 * the key cannot re-chain it after an edit. Keep it away from the machine that writes the log where possible; the
 * auditor needs it to verify.
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows the key.
 */
public final class AuditKey {

    /** Environment variable holding the key, base64 (standard or URL-safe), at least 32 bytes. */
    public static final String ENVIRONMENT_VARIABLE = "CONSENTGATE_AUDIT_KEY";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private AuditKey(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /**
     * A key from its bytes, at least 32.
     *
     * @throws IllegalArgumentException when shorter
     */
    public static AuditKey of(byte[] secret) {
        requireNonNull(secret, "secret");
        if (secret.length < 32) {
            throw new IllegalArgumentException("audit key must be at least 32 bytes, got " + secret.length);
        }
        return new AuditKey(secret.clone());
    }

    /**
     * The key in {@value #ENVIRONMENT_VARIABLE}, if set.
     *
     * @throws IllegalArgumentException when it is not base64 of at least 32 bytes (the value is never echoed)
     */
    public static Optional<AuditKey> fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT_VARIABLE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        byte[] secret;
        try {
            String v = value.strip();
            secret = v.indexOf('-') >= 0 || v.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(v)
                    : Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " must be base64", null);
        }
        try {
            return Optional.of(of(secret));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + ": " + e.getMessage(), null);
        }
    }

    /** Hex HMAC-SHA256 of {@code text}'s UTF-8 bytes. */
    public String sign(String text) {
        return HexFormat.of().formatHex(macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A {@code Mac} per thread, initialised once: {@code Mac.getInstance} costs more than the HMAC itself. */
    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    /** Whether {@code mac} is this key's signature of {@code text}, compared in constant time. */
    public boolean verify(String text, String mac) {
        return MessageDigest.isEqual(sign(text).getBytes(StandardCharsets.US_ASCII),
                mac.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "AuditKey[***]";
    }
}
