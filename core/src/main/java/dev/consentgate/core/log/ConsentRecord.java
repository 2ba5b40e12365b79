package dev.consentgate.core.log;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One consent decision as kept in the consent log: what was decided, under which policy, and its place in a
 * hash chain.
 *
 * <p>{@link #hash()} is the SHA-256 of the record's RFC 8785 canonical JSON without {@code personal}, {@code hash}
 * and {@code mac}; it covers {@link #prev()}, the previous record's hash, so editing, removing, inserting or
 * reordering a record breaks the chain. Personal fields (page URL, minimised IP, browser summary) are not hashed
 * directly: the chain covers a salted SHA-256 {@link #commitments() commitment} of each, so a field can be erased
 * (GDPR Art. 17) and the chain still verifies; an erased field is reported as redacted.
 *
 * <p>Immutable and thread-safe.
 *
 * @param seq            position in this node's chain, from 1
 * @param node           the writing node; each node has its own chain
 * @param timestamp      when the decision was made
 * @param consentId      the visitor's pseudonymous consent ID
 * @param action         {@code accept-all}, {@code reject-all}, {@code custom}, {@code withdraw}, …
 * @param granted        granted categories, {@code necessary} included, sorted
 * @param refused        categories of the policy that were not granted, sorted
 * @param policyRevision the policy revision the visitor decided under
 * @param expiresAt      when the decision stops holding
 * @param policyHash     SHA-256 of the policy texts the visitor saw, when known
 * @param language       the visitor's language, when known
 * @param commitments    personal field name to hex SHA-256(salt ‖ UTF-8 value)
 * @param personal       personal field name to its value and salt; a field erased on request is absent here but
 *                       keeps its commitment
 * @param prev           the previous record's hash, or the genesis / checkpoint hash
 * @param hash           this record's hash (hex)
 * @param mac            HMAC-SHA256 of {@code hash} with the audit key, when one is configured
 */
public record ConsentRecord(
        long seq,
        String node,
        Instant timestamp,
        UUID consentId,
        String action,
        List<String> granted,
        List<String> refused,
        int policyRevision,
        Optional<Instant> expiresAt,
        Optional<String> policyHash,
        Optional<String> language,
        Map<String, String> commitments,
        Map<String, PersonalField> personal,
        String prev,
        String hash,
        Optional<String> mac) {

    /** Hash before the first record of a chain. */
    public static final String GENESIS = "0".repeat(64);

    /** A personal value with the random salt of its commitment. */
    public record PersonalField(String value, String salt) {
        public PersonalField {
            requireNonNull(value, "value");
            requireNonNull(salt, "salt");
        }
    }

    public ConsentRecord {
        requireNonNull(node, "node");
        requireNonNull(timestamp, "timestamp");
        requireNonNull(consentId, "consentId");
        requireNonNull(action, "action");
        granted = List.copyOf(granted);
        refused = List.copyOf(refused);
        requireNonNull(expiresAt, "expiresAt");
        requireNonNull(policyHash, "policyHash");
        requireNonNull(language, "language");
        commitments = Collections.unmodifiableMap(new TreeMap<>(commitments));
        personal = Collections.unmodifiableMap(new TreeMap<>(personal));
        requireNonNull(prev, "prev");
        requireNonNull(hash, "hash");
        requireNonNull(mac, "mac");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1, got " + seq);
        }
    }

    /** Whether a personal field was erased after the record was written. */
    public boolean isRedacted() {
        return !personal.keySet().containsAll(commitments.keySet());
    }

    /**
     * A copy with the named personal fields erased, all of them when {@code fields} is empty; this record itself
     * when it holds none of them.
     */
    public ConsentRecord redact(java.util.Set<String> fields) {
        ConsentRecord redacted = this;
        for (String field : personal.keySet()) {
            if (fields.isEmpty() || fields.contains(field)) {
                redacted = redacted.redact(field);
            }
        }
        return redacted;
    }

    /** A copy with the personal field erased; its commitment stays, so the chain still verifies. */
    public ConsentRecord redact(String field) {
        Map<String, PersonalField> rest = new TreeMap<>(personal);
        rest.remove(field);
        return new ConsentRecord(seq, node, timestamp, consentId, action, granted, refused, policyRevision, expiresAt,
                policyHash, language, commitments, rest, prev, hash, mac);
    }
}
