package dev.consentgate.core.consent;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One choice a visitor made, as handed to the {@link ConsentRecorder} and {@link ConsentListener}s.
 *
 * <p>Holds no raw cookies, IP addresses or user agents: only the pseudonymous consent ID inside the states, the
 * page the choice was made on (without its query string, which may carry tokens) and the visitor's language.
 *
 * @param action     what the visitor did
 * @param state      the new consent state
 * @param previous   the state before, when the visitor had decided earlier
 * @param refused    the policy's categories the new state does not grant
 * @param policyHash SHA-256 of the policy texts the visitor was shown ({@code ConsentPolicy.textHash()}), when
 *                   known
 * @param occurredAt when the choice was made
 * @param pageUrl    the page the choice was made on, without query or fragment, when known
 * @param language   the language of the banner texts the visitor was shown, when known
 * @param ip         the visitor's minimised IP address, only where the configuration asks for it in records
 * @param browser    the visitor's browser summary, only where the configuration asks for it in records
 */
public record ConsentDecision(
        ConsentAction action,
        ConsentState state,
        Optional<ConsentState> previous,
        Set<String> refused,
        Optional<String> policyHash,
        Instant occurredAt,
        Optional<String> pageUrl,
        Optional<String> language,
        Optional<String> ip,
        Optional<String> browser) {

    public ConsentDecision {
        requireNonNull(action, "action");
        requireNonNull(state, "state");
        requireNonNull(previous, "previous");
        refused = Set.copyOf(requireNonNull(refused, "refused"));
        requireNonNull(policyHash, "policyHash");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(pageUrl, "pageUrl");
        requireNonNull(language, "language");
        requireNonNull(ip, "ip");
        requireNonNull(browser, "browser");
        if (state.consentId().isEmpty()) {
            throw new IllegalArgumentException("a decision must carry a decided state with a consent ID");
        }
    }
}
