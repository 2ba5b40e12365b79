package dev.consentgate.core.consent;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the proof of each consent decision (GDPR Art. 7(1): the controller must be able to demonstrate consent).
 *
 * <p>The consent endpoint calls {@link #record} and waits for it before it answers: when it throws, the visitor
 * gets 503 and no consent cookie, so no consent is ever in effect without its record. Implementations must be
 * thread-safe and should return only once the record is durable.
 */
@FunctionalInterface
public interface ConsentRecorder {

    /**
     * Stores the decision, returning only when it is kept.
     *
     * @throws IOException when the decision could not be kept; the choice is then not applied
     */
    void record(ConsentDecision decision) throws IOException;

    /**
     * Stores the decision without holding the calling thread while it is made durable: the stage completes once the
     * decision is kept, or fails (with the {@link IOException} {@link #record} would throw) when it could not be. The
     * consent endpoint uses it when the container allows asynchronous requests. The default calls {@link #record} in
     * the calling thread.
     */
    default CompletionStage<Void> recordAsync(ConsentDecision decision) {
        try {
            record(decision);
            return CompletableFuture.completedFuture(null);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Writes each decision at INFO to the SLF4J logger {@code consentgate.consent}: consent ID, action, granted
     * categories and policy revision, nothing personal. Only as durable as the logging setup; a tamper-evident
     * store is the production choice.
     */
    static ConsentRecorder slf4j() {
        Logger log = LoggerFactory.getLogger("consentgate.consent");
        // Plain message arguments, not SLF4J 2 key-values: many logging setups do not print key-values.
        return decision -> log.info("consent decision consentId={} action={} granted={} policyRevision={}",
                decision.state().consentId().orElseThrow(), decision.action().jsonName(),
                decision.state().granted(), decision.state().policyRevision());
    }
}
