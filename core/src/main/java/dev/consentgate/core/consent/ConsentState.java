package dev.consentgate.core.consent;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.policy.ConsentCategory;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
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
 * <p>A value with record semantics ({@code equals}, {@code hashCode} and {@code toString} over the six accessors).
 * It is a class rather than a record because one is built for every request that carries a consent cookie: it keeps
 * the ID and the times as plain numbers (one 64-byte object, its granted set shared) and makes the {@code UUID},
 * {@code Instant} and {@code Optional} objects only when asked for them.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConsentState {

    // decidedSecond when there is no consent ID and no times; below Instant.MIN, so never a real time.
    private static final long NONE = Long.MIN_VALUE;

    private final long idHigh;
    private final long idLow;
    private final long decidedSecond;
    private final long expiresSecond;
    // decidedAt's nanoseconds in the high half, expiresAt's in the low half
    private final long nanos;
    private final int policyRevision;
    private final Set<String> granted;
    private final DecisionSource source;

    /**
     * The canonical form: all of {@code consentId}, {@code decidedAt} and {@code expiresAt} present or all empty.
     *
     * @param consentId      the visitor's consent ID; empty when undecided or decided by another signal
     * @param granted        granted category ids; {@code necessary} is added
     * @param policyRevision the policy revision the choice was made under (the current one when undecided or decided
     *                       by another signal)
     * @param decidedAt      when the choice was made; empty when undecided or decided by another signal
     * @param expiresAt      when the choice stops holding; empty when undecided or decided by another signal
     * @param source         where this state came from
     */
    public ConsentState(Optional<UUID> consentId, Set<String> granted, int policyRevision, Optional<Instant> decidedAt,
            Optional<Instant> expiresAt, DecisionSource source) {
        this(requireNonNull(consentId, "consentId").orElse(null), sorted(requireNonNull(granted, "granted")),
                policyRevision, requireNonNull(decidedAt, "decidedAt").orElse(null),
                requireNonNull(expiresAt, "expiresAt").orElse(null), requireNonNull(source, "source"));
    }

    private ConsentState(UUID consentId, Set<String> granted, int policyRevision, Instant decidedAt, Instant expiresAt,
            DecisionSource source) {
        boolean identified = consentId != null;
        if ((decidedAt != null) != identified || (expiresAt != null) != identified) {
            throw new IllegalArgumentException("consentId, decidedAt and expiresAt must be all present or all empty");
        }
        if (identified && expiresAt.isBefore(decidedAt)) {
            throw new IllegalArgumentException("expiresAt must not be before decidedAt");
        }
        check(identified, granted, source);
        this.idHigh = identified ? consentId.getMostSignificantBits() : 0;
        this.idLow = identified ? consentId.getLeastSignificantBits() : 0;
        this.decidedSecond = identified ? decidedAt.getEpochSecond() : NONE;
        this.expiresSecond = identified ? expiresAt.getEpochSecond() : 0;
        this.nanos = identified ? (long) decidedAt.getNano() << 32 | expiresAt.getNano() : 0;
        this.policyRevision = policyRevision;
        this.granted = granted;
        this.source = source;
    }

    // Everything already checked by the caller: granted is sorted, unmodifiable and holds necessary.
    private ConsentState(long idHigh, long idLow, long decidedSecond, long expiresSecond, long nanos,
            int policyRevision, Set<String> granted, DecisionSource source) {
        this.idHigh = idHigh;
        this.idLow = idLow;
        this.decidedSecond = decidedSecond;
        this.expiresSecond = expiresSecond;
        this.nanos = nanos;
        this.policyRevision = policyRevision;
        this.granted = granted;
        this.source = source;
    }

    /**
     * A state read from the signed cookie, whose times are whole seconds and whose {@code granted} the codec built
     * with {@link #sorted} (and may share between states).
     */
    static ConsentState fromCookie(long idHigh, long idLow, Set<String> granted, int policyRevision,
            long decidedSecond, long expiresSecond) {
        return new ConsentState(idHigh, idLow, decidedSecond, expiresSecond, 0, policyRevision, granted,
                DecisionSource.COOKIE);
    }

    /** {@code ids} with {@code necessary}, sorted and unmodifiable: the form every state holds. */
    static Set<String> sorted(Set<String> ids) {
        TreeSet<String> sorted = new TreeSet<>(ids);
        sorted.add(ConsentCategory.NECESSARY);
        return Collections.unmodifiableSet(sorted);
    }

    private static void check(boolean identified, Set<String> granted, DecisionSource source) {
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
        return new ConsentState((UUID) null, sorted(Set.of()), policyRevision, null, null, DecisionSource.DEFAULT);
    }

    /** A choice made at {@code decidedAt} that holds until {@code expiresAt}. */
    public static ConsentState decided(UUID consentId, Set<String> granted, int policyRevision, Instant decidedAt,
            Instant expiresAt, DecisionSource source) {
        return new ConsentState(requireNonNull(consentId, "consentId"), sorted(requireNonNull(granted, "granted")),
                policyRevision, requireNonNull(decidedAt, "decidedAt"), requireNonNull(expiresAt, "expiresAt"),
                requireNonNull(source, "source"));
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
        return new ConsentState((UUID) null, sorted(requireNonNull(granted, "granted")), policyRevision, null, null,
                source);
    }

    private boolean identified() {
        return decidedSecond != NONE;
    }

    /** The visitor's consent ID; empty when undecided or decided by another signal. */
    public Optional<UUID> consentId() {
        return identified() ? Optional.of(new UUID(idHigh, idLow)) : Optional.empty();
    }

    /** Granted category ids, always including {@code necessary}; sorted and unmodifiable. */
    public Set<String> granted() {
        return granted;
    }

    /** The policy revision the choice was made under (the current one when undecided or decided by another signal). */
    public int policyRevision() {
        return policyRevision;
    }

    /** When the choice was made; empty when undecided or decided by another signal. */
    public Optional<Instant> decidedAt() {
        return identified() ? Optional.of(Instant.ofEpochSecond(decidedSecond, nanos >>> 32)) : Optional.empty();
    }

    /** When the choice stops holding; empty when undecided or decided by another signal. */
    public Optional<Instant> expiresAt() {
        return identified() ? Optional.of(Instant.ofEpochSecond(expiresSecond, nanos & 0xffff_ffffL))
                : Optional.empty();
    }

    /** Where this state came from. */
    public DecisionSource source() {
        return source;
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
     * Whether this state was decided after {@code other}; false when either has no decision time. Compares without
     * making {@code Instant}s, for picking the newest of several consent cookies.
     */
    public boolean decidedAfter(ConsentState other) {
        requireNonNull(other, "other");
        if (!identified() || !other.identified()) {
            return false;
        }
        return decidedSecond != other.decidedSecond ? decidedSecond > other.decidedSecond
                : (nanos >>> 32) > (other.nanos >>> 32);
    }

    /**
     * Whether this state still holds at {@code epochSecond} with {@code skewSeconds} of clock skew allowed: it
     * expires after that second and was decided no later than {@code skewSeconds} after it. Package-private: the
     * codec's cache re-checks the times of a state it decoded earlier.
     */
    boolean holdsAt(long epochSecond, long skewSeconds) {
        return expiresSecond > epochSecond && decidedSecond <= epochSecond + skewSeconds;
    }

    /**
     * The same state without the given categories; {@code necessary} stays granted. Used for signals that can only
     * refuse, such as Global Privacy Control.
     */
    public ConsentState without(Set<String> refused) {
        requireNonNull(refused, "refused");
        Set<String> kept = new TreeSet<>(granted);
        kept.removeAll(refused);
        if (kept.size() == granted.size()) {
            return this;
        }
        Set<String> narrowed = sorted(kept);
        check(identified(), narrowed, source);
        return new ConsentState(idHigh, idLow, decidedSecond, expiresSecond, nanos, policyRevision, narrowed, source);
    }

    /** The same state, attributed to another source. */
    public ConsentState withSource(DecisionSource newSource) {
        requireNonNull(newSource, "source");
        check(identified(), granted, newSource);
        return new ConsentState(idHigh, idLow, decidedSecond, expiresSecond, nanos, policyRevision, granted,
                newSource);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsentState s && idHigh == s.idHigh && idLow == s.idLow
                && decidedSecond == s.decidedSecond && expiresSecond == s.expiresSecond && nanos == s.nanos
                && policyRevision == s.policyRevision && granted.equals(s.granted) && source.equals(s.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(consentId(), granted, policyRevision, decidedAt(), expiresAt(), source);
    }

    @Override
    public String toString() {
        return "ConsentState[consentId=" + consentId() + ", granted=" + granted + ", policyRevision=" + policyRevision
                + ", decidedAt=" + decidedAt() + ", expiresAt=" + expiresAt() + ", source=" + source + "]";
    }
}
