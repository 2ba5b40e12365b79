package dev.consentgate.core.consent;

import java.time.Clock;
import java.util.Optional;

/**
 * Turns a decided {@link ConsentState} into the value of the signed consent cookie and back.
 *
 * <p>Skeleton: the format and its rules are specified in the foundation issue; the codec work fills it in.
 */
public final class ConsentCookieCodec {

    /** Longest value {@link #encode} produces. */
    public static final int MAX_LENGTH = 200;

    private ConsentCookieCodec() {
    }

    /** A codec that signs with the newest key, verifies with any, and reads the time from {@code clock}. */
    public static ConsentCookieCodec create(SigningKeys keys, Clock clock) {
        throw new UnsupportedOperationException();
    }

    /** The cookie value for a decided state. */
    public String encode(ConsentState state) {
        throw new UnsupportedOperationException();
    }

    /**
     * The state in a cookie value, with source {@link DecisionSource#COOKIE}; empty for anything forged, truncated,
     * signed by an unknown key, expired, of another policy revision than {@code currentRevision}, or malformed.
     * Never throws on any input.
     */
    public Optional<ConsentState> decode(String value, int currentRevision) {
        throw new UnsupportedOperationException();
    }
}
