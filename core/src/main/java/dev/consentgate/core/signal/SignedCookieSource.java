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
    private final boolean findable;

    SignedCookieSource(String cookieName, ConsentCookieCodec codec, int revision) {
        this.cookieName = cookieName;
        this.codec = codec;
        this.revision = revision;
        this.findable = CookiePairs.isFindable(cookieName);
    }

    Optional<ConsentState> resolve(SignalRequest request) {
        String header = request.cookieHeader();
        if (header != null) {
            return resolve(header);
        }
        Optional<ConsentState> best = Optional.empty();
        for (SignalRequest.RawCookie cookie : request.cookies()) {
            if (cookie.name().equals(cookieName)) {
                best = newer(best, decode(cookie.value(), 0, cookie.value().length()));
            }
        }
        return best;
    }

    /** Straight from the raw {@code Cookie} header (null: none), read in place. */
    Optional<ConsentState> resolve(String header) {
        Optional<ConsentState> best = Optional.empty();
        if (header == null) {
            return best;
        }
        if (findable) {
            for (long value = CookiePairs.findValue(header, cookieName, 0); value >= 0;
                    value = CookiePairs.findValue(header, cookieName, (int) value)) {
                best = newer(best, decode(header, (int) (value >>> 32), (int) value));
            }
        } else {
            CookiePairs pairs = new CookiePairs(header);
            while (pairs.next()) {
                if (pairs.nameIs(cookieName)) {
                    best = newer(best, decode(header, pairs.valueFrom(), pairs.valueTo()));
                }
            }
        }
        return best;
    }

    /** The state in {@code text[from, to)} after unquoting (as {@link CookieValues#unquote}). */
    private Optional<ConsentState> decode(String text, int from, int to) {
        if (to - from >= 2 && text.charAt(from) == '"' && text.charAt(to - 1) == '"') {
            from++;
            to--;
        }
        Optional<ConsentState> decoded = codec.decode(text, from, to, revision);
        if (decoded.isEmpty()) {
            log.debug("ignored an invalid consent cookie");
        }
        return decoded;
    }

    /** Of the valid values, the one decided last; the first of equal ones. */
    private static Optional<ConsentState> newer(Optional<ConsentState> best, Optional<ConsentState> candidate) {
        return candidate.isEmpty() || (best.isPresent() && !candidate.get().decidedAfter(best.get())) ? best
                : candidate;
    }
}
