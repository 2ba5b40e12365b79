package dev.consentgate.core.log;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of verifying a consent log.
 *
 * @param records  records read
 * @param redacted records with at least one personal field erased on request (these still verify)
 * @param lastSeq  the last sequence number of each node's chain
 * @param problem  the first thing that does not verify; empty when the log is intact
 * @param notes    things an auditor should know that are not failures (a chain starting from a checkpoint, records
 *                 after the head written during a crash, MACs not checked for lack of a key)
 */
public record Verification(long records, long redacted, Map<String, Long> lastSeq, Optional<Problem> problem,
        List<String> notes) {

    public Verification {
        lastSeq = Map.copyOf(lastSeq);
        requireNonNull(problem, "problem");
        notes = List.copyOf(notes);
    }

    /** Whether nothing was edited, removed, inserted, reordered or cut off. */
    public boolean intact() {
        return problem.isEmpty();
    }

    /** What kind of tampering a problem shows. */
    public enum Kind {
        /** A line is not a record of this format. */
        MALFORMED,
        /** A record's content does not match its hash, or a personal value does not match its commitment. */
        EDITED,
        /** A record's hash is not signed by the audit key: edited and re-hashed by someone without the key. */
        UNSIGNED,
        /** Records are missing from the chain. */
        REMOVED,
        /** A record is not part of the chain. */
        INSERTED,
        /** Records are out of order. */
        REORDERED,
        /** Records were cut off the end: the head names a later record than the log holds. */
        TRUNCATED
    }

    /**
     * The first record that does not verify.
     *
     * @param kind     what it shows
     * @param node     the chain it is in
     * @param seq      its sequence number, or the head's for truncation
     * @param location where it is: {@code file:line}, a table row, or the head
     * @param message  the whole story, for the auditor
     */
    public record Problem(Kind kind, String node, long seq, String location, String message) {
    }
}
