package dev.consentgate.core.signal;

import static java.util.Objects.requireNonNull;

import com.iabtcf.decoder.TCString;
import com.iabtcf.utils.IntIterable;
import dev.consentgate.core.consent.DecisionSource;
import dev.consentgate.core.policy.ConsentPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an IAB TCF v2 TC string (core string version 2, as TCF 2.2 and 2.3 write it) with IAB's own Java decoder.
 *
 * <p>Only the core segment's purpose consents and special feature opt-ins count: legitimate interest never grants a
 * cookie, since storing and reading on a device needs consent (ePrivacy Art. 5(3)). A string of another version,
 * not base64url, last updated more than 13 months ago or more than a day ahead of the clock, or that the decoder
 * rejects in any way is no decision. Immutable and thread-safe.
 */
final class TcfSource implements ConsentSource {

    private static final Duration MAX_AGE = ConsentPolicy.MAX_LIFETIME;
    private static final Duration CLOCK_SKEW = Duration.ofDays(1);

    private final String cookieName;
    private final Map<String, Set<Integer>> purposes;
    private final Map<String, Set<Integer>> specialFeatures;
    private final Clock clock;

    TcfSource(String cookieName, Map<String, Set<Integer>> purposes, Map<String, Set<Integer>> specialFeatures,
            Clock clock) {
        this.cookieName = requireNonNull(cookieName, "cookieName");
        this.purposes = Map.copyOf(requireNonNull(purposes, "purposes"));
        this.specialFeatures = Map.copyOf(requireNonNull(specialFeatures, "specialFeatures"));
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public Optional<SignalDecision> decide(SignalRequest request) {
        Optional<String> value = CookieValues.single(request, cookieName);
        if (value.isEmpty() || !isBase64UrlSegments(value.get())) {
            return Optional.empty();
        }
        try {
            TCString tc = TCString.decode(value.get());
            if (tc.getVersion() != 2) {
                return Optional.empty();
            }
            Instant updated = tc.getLastUpdated();
            Instant now = clock.instant();
            if (updated.isBefore(now.minus(MAX_AGE)) || updated.isAfter(now.plus(CLOCK_SKEW))) {
                return Optional.empty();
            }
            IntIterable consented = tc.getPurposesConsent();
            IntIterable optedIn = tc.getSpecialFeatureOptIns();
            Set<String> granted = new HashSet<>();
            Set<String> refused = new HashSet<>();
            purposes.forEach((category, needed) -> {
                boolean all = needed.stream().allMatch(consented::contains)
                        && specialFeatures.getOrDefault(category, Set.of()).stream().allMatch(optedIn::contains);
                (all ? granted : refused).add(category);
            });
            return Optional.of(new SignalDecision(DecisionSource.TCF, granted, refused));
        } catch (RuntimeException e) {
            // The decoder is lazy: truncated or hostile strings fail on first access with all kinds of exceptions.
            return Optional.empty();
        }
    }

    /** TC strings are base64url segments joined with {@code .}; anything else never reaches the decoder. */
    private static boolean isBase64UrlSegments(String value) {
        if (value.isEmpty() || value.startsWith(".") || value.endsWith(".")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' && value.charAt(i - 1) != '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
