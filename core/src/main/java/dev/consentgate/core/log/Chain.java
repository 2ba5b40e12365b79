package dev.consentgate.core.log;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The end of one node's hash chain: turns entries into records that continue it.
 *
 * <p>Not thread-safe: a store appends from one writer at a time.
 */
public final class Chain {

    private final String node;
    private final Optional<AuditKey> key;
    // Salts must be unpredictable, or a commitment to a low-entropy value (a truncated IP) could be brute-forced.
    // DRBG (NIST SP 800-90A) works in memory once seeded; the default NativePRNG reads /dev/urandom on every call.
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Chain::newRandom);
    private long lastSeq;
    private String lastHash;

    private Chain(String node, long lastSeq, String lastHash, Optional<AuditKey> key) {
        this.node = node;
        this.lastSeq = lastSeq;
        this.lastHash = lastHash;
        this.key = key;
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** A new chain for {@code node}, starting from {@link ConsentRecord#GENESIS}. */
    public static Chain start(String node, Optional<AuditKey> key) {
        return resume(node, 0, ConsentRecord.GENESIS, key);
    }

    /** A chain continuing after the record {@code lastSeq} whose hash is {@code lastHash}. */
    public static Chain resume(String node, long lastSeq, String lastHash, Optional<AuditKey> key) {
        requireNonNull(node, "node");
        requireNonNull(lastHash, "lastHash");
        requireNonNull(key, "key");
        if (!node.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("node id must match [A-Za-z0-9_.-]{1,64}, got '" + node + "'");
        }
        return new Chain(node, lastSeq, lastHash, key);
    }

    /** An entry made ready for the chain: everything but {@code prev} and {@code seq}. Immutable. */
    record Prepared(LogEntry entry, RecordText.Parts parts, Map<String, String> commitments,
            Map<String, ConsentRecord.PersonalField> personal) {
    }

    /** A record and its line. */
    record Sealed(ConsentRecord record, String line) {
    }

    /**
     * Does the costly part of appending — salts, commitments, the canonical text — so that callers can do it in
     * parallel before the single writer seals. Thread-safe.
     */
    static Prepared prepare(String node, LogEntry entry) {
        Map<String, ConsentRecord.PersonalField> personal = new TreeMap<>();
        Map<String, String> commitments = new TreeMap<>();
        SecureRandom random = RANDOM.get();
        entry.personal().forEach((name, value) -> {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            ConsentRecord.PersonalField field = new ConsentRecord.PersonalField(value,
                    Base64.getUrlEncoder().withoutPadding().encodeToString(salt));
            personal.put(name, field);
            commitments.put(name, RecordFormat.commitment(field));
        });
        RecordText.Parts parts = RecordText.parts(node, entry.timestamp(), entry.consentId(), entry.action(),
                entry.granted(), entry.refused(), entry.policyRevision(), entry.expiresAt(), entry.policyHash(),
                entry.language(), commitments);
        return new Prepared(entry, parts, commitments, personal);
    }

    /** Gives a prepared entry the next place in the chain; the chain then ends with it. Single writer only. */
    Sealed seal(Prepared p) {
        long seq = lastSeq + 1;
        String hashed = RecordText.hashed(p.parts(), lastHash, seq);
        String hash = RecordFormat.sha(hashed.getBytes(StandardCharsets.UTF_8));
        Optional<String> mac = key.map(k -> k.sign(hash));
        LogEntry e = p.entry();
        ConsentRecord record = new ConsentRecord(seq, node, e.timestamp(), e.consentId(), e.action(),
                List.copyOf(e.granted()), List.copyOf(e.refused()), e.policyRevision(), e.expiresAt(),
                e.policyHash(), e.language(), p.commitments(), p.personal(), lastHash, hash, mac);
        String line = RecordText.line(hashed, hash, mac, p.personal());
        lastSeq = seq;
        lastHash = hash;
        return new Sealed(record, line);
    }

    /** The record that continues the chain with {@code entry}; the chain then ends with it. */
    public ConsentRecord append(LogEntry entry) {
        return seal(prepare(node, entry)).record();
    }

    /** The head after the last appended record, signed when there is an audit key. */
    public ChainHead head() {
        return ChainHead.of(node, lastSeq, lastHash, key);
    }

    public String node() {
        return node;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public String lastHash() {
        return lastHash;
    }
}
