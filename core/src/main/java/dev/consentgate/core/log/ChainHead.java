package dev.consentgate.core.log;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The last sequence number and hash of one node's chain, kept apart from the records so that cutting records off
 * the end is detectable; signed with the audit key when there is one. The same type marks a checkpoint: the last
 * record of segments removed by retention, from which the rest verifies.
 *
 * @param node the chain's node
 * @param seq  the last record's sequence number (0 for an empty chain)
 * @param hash the last record's hash
 * @param mac  HMAC of {@link #signedText()} with the audit key, when there is one
 */
public record ChainHead(String node, long seq, String hash, Optional<String> mac) {

    public ChainHead {
        requireNonNull(node, "node");
        requireNonNull(hash, "hash");
        requireNonNull(mac, "mac");
    }

    /** A head, signed with {@code key} when present. */
    public static ChainHead of(String node, long seq, String hash, Optional<AuditKey> key) {
        String text = text(node, seq, hash);
        return new ChainHead(node, seq, hash, key.map(k -> k.sign(text)));
    }

    /** What the MAC covers: {@code head:<node>:<seq>:<hash>}. */
    public String signedText() {
        return text(node, seq, hash);
    }

    private static String text(String node, long seq, String hash) {
        return "head:" + node + ":" + seq + ":" + hash;
    }
}
