package dev.consentgate.core.consent;

/**
 * Observes consent decisions after they were recorded, for instance to update a CRM or metrics.
 *
 * <p>A listener's failure is logged and does not change the answer the visitor gets: the decision is already
 * recorded and in effect. Implementations must be thread-safe and quick; they run on the request thread.
 */
@FunctionalInterface
public interface ConsentListener {

    /** Called once per recorded decision. */
    void onDecision(ConsentDecision decision);
}
