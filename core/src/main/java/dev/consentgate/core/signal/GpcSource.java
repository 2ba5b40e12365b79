package dev.consentgate.core.signal;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.consent.DecisionSource;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Global Privacy Control: {@code Sec-GPC: 1} refuses the configured categories. The GPC specification defines only
 * the value {@code 1}; anything else, or no header, is no signal. Immutable and thread-safe.
 */
final class GpcSource implements ConsentSource {

    static final String HEADER = "Sec-GPC";
    // Looked up in lower case: SignalRequest lower-cases names, and an already lower-case name costs no copy.
    private static final String LOOKUP = "sec-gpc";

    private final Optional<SignalDecision> refusal;

    GpcSource(Set<String> refused) {
        this.refusal = Optional.of(SignalDecision.refusing(DecisionSource.GPC, requireNonNull(refused, "refused")));
    }

    @Override
    public Optional<SignalDecision> decide(SignalRequest request) {
        Optional<String> value = request.header(LOOKUP);
        return value.isPresent() && value.get().strip().equals("1") ? refusal : Optional.empty();
    }

    /** As {@link #decide} from a header lookup alone, which is all GPC reads. */
    Optional<SignalDecision> decide(Function<String, String> headers) {
        String value = headers.apply(LOOKUP);
        return value != null && value.strip().equals("1") ? refusal : Optional.empty();
    }
}
