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
        ConsentState best = null;
        for (SignalRequest.RawCookie cookie : request.cookies()) {
            if (cookie.name().equals(cookieName)) {
                best = newer(best, decode(cookie.value(), 0, cookie.value().length()));
            }
        }
        return Optional.ofNullable(best);
    }

    /** Straight from the raw {@code Cookie} header (null: none), read in place. */
    Optional<ConsentState> resolve(String header) {
        return Optional.ofNullable(newest(header));
    }

    /**
     * As {@link #resolve(String)}, null when there is no valid value: the filter's per-request path, on which an
     * {@code Optional} per call would be the only allocation for a returning visitor.
     */
    ConsentState newest(String header) {
        if (header == null) {
            return null;
        }
        ConsentState best = null;
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

    /** The state in {@code text[from, to)} after unquoting (as {@link CookieValues#unquote}); null when invalid. */
    private ConsentState decode(String text, int from, int to) {
        if (to - from >= 2 && text.charAt(from) == '"' && text.charAt(to - 1) == '"') {
            from++;
            to--;
        }
        ConsentState decoded = codec.decodeOr(text, from, to, revision, null);
        if (decoded == null) {
            log.debug("ignored an invalid consent cookie");
        }
        return decoded;
    }

    /** Of the valid values (null: invalid), the one decided last; the first of equal ones. */
    private static ConsentState newer(ConsentState best, ConsentState candidate) {
        return candidate == null || (best != null && !candidate.decidedAfter(best)) ? best : candidate;
    }
}
