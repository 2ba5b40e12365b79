package dev.consentgate.core.log;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.Base64;
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
    private final SecureRandom random;
    private long lastSeq;
    private String lastHash;

    private Chain(String node, long lastSeq, String lastHash, Optional<AuditKey> key, SecureRandom random) {
        this.node = node;
        this.lastSeq = lastSeq;
        this.lastHash = lastHash;
        this.key = key;
        this.random = random;
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
        return new Chain(node, lastSeq, lastHash, key, new SecureRandom());
    }

    /** The record that continues the chain with {@code entry}; the chain then ends with it. */
    public ConsentRecord append(LogEntry entry) {
        Map<String, ConsentRecord.PersonalField> personal = new TreeMap<>();
        Map<String, String> commitments = new TreeMap<>();
        entry.personal().forEach((name, value) -> {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            ConsentRecord.PersonalField field = new ConsentRecord.PersonalField(value,
                    Base64.getUrlEncoder().withoutPadding().encodeToString(salt));
            personal.put(name, field);
            commitments.put(name, RecordFormat.commitment(field));
        });
        ConsentRecord unsealed = new ConsentRecord(lastSeq + 1, node, entry.timestamp(), entry.consentId(),
                entry.action(), entry.granted().stream().toList(), entry.refused().stream().toList(),
                entry.policyRevision(), entry.expiresAt(), entry.policyHash(), entry.language(), commitments,
                personal, lastHash, ConsentRecord.GENESIS, Optional.empty());
        String hash = RecordFormat.computeHash(unsealed);
        ConsentRecord sealed = new ConsentRecord(unsealed.seq(), node, entry.timestamp(), entry.consentId(),
                entry.action(), unsealed.granted(), unsealed.refused(), entry.policyRevision(), entry.expiresAt(),
                entry.policyHash(), entry.language(), commitments, personal, lastHash, hash,
                key.map(k -> k.sign(hash)));
        lastSeq = sealed.seq();
        lastHash = hash;
        return sealed;
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
