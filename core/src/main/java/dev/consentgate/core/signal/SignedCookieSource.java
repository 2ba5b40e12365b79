package dev.consentgate.core.signal;

import dev.consentgate.core.consent.ConsentCookieCodec;
import dev.consentgate.core.consent.ConsentState;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter's own signed consent cookie: of the valid values the browser sent, the one decided last. Forged,
 * expired, older-revision and malformed values are ignored. Immutable and thread-safe.
 */
final class SignedCookieSource {

    private static final Logger log = LoggerFactory.getLogger(ConsentResolver.class);

    private final String cookieName;
    private final ConsentCookieCodec codec;
    private final int revision;

    SignedCookieSource(String cookieName, ConsentCookieCodec codec, int revision) {
        this.cookieName = cookieName;
        this.codec = codec;
        this.revision = revision;
    }

    Optional<ConsentState> resolve(SignalRequest request) {
        ConsentState best = null;
        for (SignalRequest.RawCookie cookie : request.cookies()) {
            if (!cookie.name().equals(cookieName)) {
                continue;
            }
            Optional<ConsentState> decoded = codec.decode(CookieValues.unquote(cookie.value()), revision);
            if (decoded.isEmpty()) {
                log.debug("ignored an invalid consent cookie");
                continue;
            }
            ConsentState s = decoded.get();
            if (best == null || s.decidedAt().orElseThrow().isAfter(best.decidedAt().orElseThrow())) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }
}
