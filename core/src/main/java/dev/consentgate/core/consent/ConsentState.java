package dev.consentgate.core.consent;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.policy.ConsentCategory;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A visitor's consent as the filter resolved it for one request: which categories are granted, under which policy
 * revision, when it was decided and until when it holds.
 *
 * <p>An undecided state (no valid choice) grants only {@link ConsentCategory#NECESSARY}: the filter fails
 * closed. {@code granted} always contains {@code necessary}. A state the filter decided itself (source
 * {@link DecisionSource#COOKIE} or {@link DecisionSource#CHOICE}) carries the visitor's consent ID, a random pseudonym
 * that stays the same across the visitor's later changes so their history is one thread, and when it was decided and
 * expires. A state read from another signal ({@link #external}: a TC string, another consent manager's cookie) is
 * decided but has none of these: that consent manager keeps its own record.
 *
 * <p>Immutable and thread-safe.
 *
 * @param consentId      the visitor's consent ID; empty when undecided or decided by another signal
 * @param granted        granted category ids, always including {@code necessary}; sorted
 * @param policyRevision the policy revision the choice was made under (the current one when undecided or decided by
 *                       another signal)
 * @param decidedAt      when the choice was made; empty when undecided or decided by another signal
 * @param expiresAt      when the choice stops holding; empty when undecided or decided by another signal
 * @param source         where this state came from
 */
public record ConsentState(
        Optional<UUID> consentId,
        Set<String> granted,
        int policyRevision,
        Optional<Instant> decidedAt,
        Optional<Instant> expiresAt,
        DecisionSource source) {

    public ConsentState {
        requireNonNull(consentId, "consentId");
        requireNonNull(granted, "granted");
        requireNonNull(decidedAt, "decidedAt");
        requireNonNull(expiresAt, "expiresAt");
        requireNonNull(source, "source");
        TreeSet<String> sorted = new TreeSet<>(granted);
        sorted.add(ConsentCategory.NECESSARY);
        granted = Collections.unmodifiableSet(sorted);
        boolean identified = consentId.isPresent();
        if (decidedAt.isPresent() != identified || expiresAt.isPresent() != identified) {
            throw new IllegalArgumentException("consentId, decidedAt and expiresAt must be all present or all empty");
        }
        if (identified && expiresAt.get().isBefore(decidedAt.get())) {
            throw new IllegalArgumentException("expiresAt must not be before decidedAt");
        }
        if (identified && source.equals(DecisionSource.DEFAULT)) {
            throw new IllegalArgumentException("a state with a consent ID must name the source that decided it");
        }
        if (!identified && source.isOwn()) {
            throw new IllegalArgumentException("a state from source '" + source.jsonName()
                    + "' must carry a consent ID");
        }
        if (source.equals(DecisionSource.DEFAULT) && granted.size() != 1) {
            throw new IllegalArgumentException("an undecided state grants only necessary, got " + granted);
        }
    }

    /** No valid choice: necessary only. */
    public static ConsentState undecided(int policyRevision) {
        return new ConsentState(Optional.empty(), Set.of(), policyRevision, Optional.empty(), Optional.empty(),
                DecisionSource.DEFAULT);
    }

    /** A choice made at {@code decidedAt} that holds until {@code expiresAt}. */
    public static ConsentState decided(UUID consentId, Set<String> granted, int policyRevision, Instant decidedAt,
            Instant expiresAt, DecisionSource source) {
        return new ConsentState(Optional.of(consentId), granted, policyRevision, Optional.of(decidedAt),
                Optional.of(expiresAt), source);
    }

    /**
     * A decision read from a signal the filter did not sign, such as another consent manager's cookie: no consent
     * ID and no times, since that consent manager keeps its own record.
     *
     * @throws IllegalArgumentException when {@code source} is {@link DecisionSource#DEFAULT} or one of the filter's
     *                                  own sources
     */
    public static ConsentState external(Set<String> granted, int policyRevision, DecisionSource source) {
        requireNonNull(source, "source");
        if (source.equals(DecisionSource.DEFAULT)) {
            throw new IllegalArgumentException("an external decision must name its source, got 'default'");
        }
        return new ConsentState(Optional.empty(), granted, policyRevision, Optional.empty(), Optional.empty(),
                source);
    }

    /** Whether the visitor made a valid choice, here or in a consent manager the filter reads. */
    public boolean isDecided() {
        return !source.equals(DecisionSource.DEFAULT);
    }

    /** Whether the category is granted; {@code necessary} always is. */
    public boolean isGranted(String categoryId) {
        return granted.contains(categoryId);
    }

    /** Whether every one of the given categories is granted. */
    public boolean isGrantedAll(Set<String> categoryIds) {
        return granted.containsAll(categoryIds);
    }

    /** Whether anything beyond {@code necessary} is granted. */
    public boolean grantsAnyOptional() {
        return granted.size() > 1;
    }

    /**
     * The same state without the given categories; {@code necessary} stays granted. Used for signals that can only
     * refuse, such as Global Privacy Control.
     */
    public ConsentState without(Set<String> refused) {
        requireNonNull(refused, "refused");
        Set<String> kept = new TreeSet<>(granted);
        kept.removeAll(refused);
        return kept.size() == granted.size() ? this
                : new ConsentState(consentId, kept, policyRevision, decidedAt, expiresAt, source);
    }

    /** The same state, attributed to another source. */
    public ConsentState withSource(DecisionSource newSource) {
        return new ConsentState(consentId, granted, policyRevision, decidedAt, expiresAt, newSource);
    }
}
