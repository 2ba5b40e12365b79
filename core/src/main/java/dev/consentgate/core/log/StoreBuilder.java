package dev.consentgate.core.log;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The settings both consent log stores take, in one place so that they are named, defaulted and checked alike.
 * Setters validate at once. Not thread-safe.
 *
 * @param <B> the store's own builder, returned by every setter
 */
abstract class StoreBuilder<B extends StoreBuilder<B>> {

    String node = "local";
    Optional<AuditKey> key = Optional.empty();
    Clock clock = Clock.systemUTC();
    int maxBatch = 64;
    Duration ackTimeout = Duration.ofSeconds(5);
    int retentionDays;

    StoreBuilder() {
    }

    private B self() {
        @SuppressWarnings("unchecked")
        B self = (B) this;
        return self;
    }

    /**
     * This writer's node id, written in every record ({@code [A-Za-z0-9_.-]{1,64}}); {@code local} by default.
     * Every process writing the same PostgreSQL database needs its own.
     */
    public B node(String node) {
        requireNonNull(node, "node");
        Chain.resume(node, 0, ConsentRecord.GENESIS, Optional.empty()); // validates the node id
        this.node = node;
        return self();
    }

    /** Signs every record hash, the head and checkpoints; see {@link AuditKey}. */
    public B auditKey(Optional<AuditKey> key) {
        this.key = requireNonNull(key, "auditKey");
        return self();
    }

    /** Stamps records and decides when retention runs; the system UTC clock by default. */
    public B clock(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        return self();
    }

    /** Most records made durable together (one {@code fdatasync}, or one transaction), 1 to 4096; 64 by default. */
    public B maxBatch(int maxBatch) {
        if (maxBatch < 1 || maxBatch > 4_096) {
            throw new IllegalArgumentException("maxBatch must be between 1 and 4096, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
        return self();
    }

    /** How long a caller waits for its record to be durable before giving up; 5 s by default. */
    public B ackTimeout(Duration timeout) {
        requireNonNull(timeout, "ackTimeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ackTimeout must be positive, got " + timeout);
        }
        this.ackTimeout = timeout;
        return self();
    }

    /**
     * Deletes records decided more than this many days ago — whole day segments for the file store, this node's rows
     * for PostgreSQL — keeping a signed checkpoint so the rest still verifies; 0, the default, keeps everything.
     */
    public B retentionDays(int days) {
        if (days < 0) {
            throw new IllegalArgumentException("retentionDays must not be negative, got " + days);
        }
        this.retentionDays = days;
        return self();
    }
}
