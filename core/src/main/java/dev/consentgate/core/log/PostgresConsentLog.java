package dev.consentgate.core.log;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.consent.ConsentDecision;
import dev.consentgate.core.consent.ConsentRecorder;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consent log in PostgreSQL, for several app nodes sharing one log. Records are the same {@link RecordFormat}
 * lines as in {@link FileConsentLog}, hash-chained and MAC'd alike; each writing node keeps a chain of its own, so
 * nodes never wait for each other, and {@link ConsentLogSource#jdbc} verifies every node's chain.
 *
 * <p><b>Schema</b>, created on first start in the connection's current schema (set {@code currentSchema} in the
 * URL to choose another): {@code consent_log (node, seq, decided_at, consent_id, line)} keyed by {@code (node,
 * seq)}, where {@code line} is the record's exact text so that its hash verifies; {@code consent_log_head (node,
 * seq, hash, mac)}, moved in the same transaction as the records, so a node's head always names its last record;
 * and {@code consent_log_checkpoint (node, seq, hash, mac)}, the last record retention deleted.
 *
 * <p><b>Durability: group commit.</b> {@link #record} queues the entry and waits. One writer thread takes up to
 * {@code maxBatch} queued entries, chains them, inserts them as one JDBC batch and moves the head, in one
 * transaction, and releases the callers only once {@code COMMIT} has returned: durable means committed (the
 * writer's session turns {@code synchronous_commit} back on when the server has it off). When a write fails, that
 * batch's callers get an {@link IOException}, the connection is dropped, and the next batch reconnects and resumes
 * the chain from the head table, the last committed record. A connection lost before {@code COMMIT} is retried
 * once at once, on a new connection; a failure during {@code COMMIT} is not, since the batch may have been kept —
 * its callers are told it failed, so at worst the log holds a decision that was never applied, never the reverse.
 *
 * <p><b>Why one connection and no pool.</b> Only the writer thread talks to the database, one transaction at a
 * time, and a pool would not make that faster: concurrency comes from batching, not from connections. The one
 * connection also holds the node's lock (below), which must outlive every transaction. When given a
 * {@link DataSource}, it keeps one connection from it for its whole life.
 *
 * <p><b>One writer per node.</b> The writer's session holds a PostgreSQL advisory lock keyed on the schema and the
 * node id ({@code pg_try_advisory_lock}); a second process opening the same node fails to open. On open, and on each
 * reconnect, the node's last record is checked against its head (hash, MAC with the audit key); a node whose end
 * does not verify is not written to.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code node}</td><td>{@code local}</td><td>this writer's chain; give every app node its own</td></tr>
 * <tr><td>{@code auditKey}</td><td>none</td><td>signs each record's hash, the head and checkpoints</td></tr>
 * <tr><td>{@code maxBatch}</td><td>64</td><td>most records per transaction</td></tr>
 * <tr><td>{@code ackTimeout}</td><td>5 s</td><td>how long a caller waits for its commit</td></tr>
 * <tr><td>{@code retentionDays}</td><td>0 (keep all)</td><td>deletes this node's records decided earlier</td></tr>
 * </table>
 *
 * <p>Main code uses only {@code java.sql}; the application brings the PostgreSQL JDBC driver
 * ({@code org.postgresql:postgresql}). Set {@code connectTimeout} and {@code socketTimeout} in the URL below
 * {@code ackTimeout}, so that a database that stops answering fails writes instead of holding them. Thread-safe.
 */
public final class PostgresConsentLog implements ConsentRecorder, ConsentLogStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresConsentLog.class);

    /** After losing its connection, the old session may hold the node's lock for a moment. */
    private static final int RELOCK_ATTEMPTS = 20;

    private final JdbcTarget target;
    private final String node;
    private final Optional<AuditKey> key;
    private final Clock clock;
    private final int retentionDays;
    private final GroupCommit commits;

    // The writer thread's (open() sets them before it starts).
    private Connection connection;
    private Chain chain;
    private LocalDate purgedOn;

    private PostgresConsentLog(Builder b) {
        this.target = b.target;
        this.node = b.node;
        this.key = b.key;
        this.clock = b.clock;
        this.retentionDays = b.retentionDays;
        this.commits = new GroupCommit(b.node, "consent log node " + b.node, b.maxBatch, b.ackTimeout,
                this::writeBatch, this::abandon);
    }

    /** A builder for the log at {@code jdbcUrl}, e.g. {@code jdbc:postgresql://db/app?user=consentgate}. */
    public static Builder builder(String jdbcUrl) {
        return new Builder(JdbcTarget.url(jdbcUrl));
    }

    /** A builder for the log in {@code dataSource}'s database; it keeps one connection from it while open. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(JdbcTarget.dataSource(dataSource));
    }

    /** Keeps the decision; returns once it is committed. */
    @Override
    public void record(ConsentDecision decision) throws IOException {
        append(LogEntry.of(decision));
    }

    /** Keeps the decision without holding the caller's thread; see {@link #keepAsync}. */
    @Override
    public CompletionStage<Void> recordAsync(ConsentDecision decision) {
        return keepAsync(LogEntry.of(decision)).thenApply(record -> null);
    }

    /** Keeps the entry; returns once it is durable. */
    @Override
    public void keep(LogEntry entry) throws IOException {
        append(entry);
    }

    /**
     * Appends an entry and waits until its record is committed.
     *
     * @return the record as written
     * @throws IOException when the log is closed or overloaded, the database cannot be reached, or the write
     *                     failed; the entry is then not in the log (but see the class comment on failed commits)
     */
    public ConsentRecord append(LogEntry entry) throws IOException {
        return commits.append(requireNonNull(entry, "entry"));
    }

    /**
     * Appends an entry without waiting: the future completes once its record is committed, on the log's acknowledging
     * thread (so keep continuations short, or move them to your own executor), or fails with an {@link IOException}
     * in the cases {@link #append} throws one, with the same message, and after the same {@code ackTimeout}. No
     * thread is held while the record is written, so many appends can be in flight from a few threads. Completing
     * or cancelling the future before the writer takes the entry withdraws it.
     */
    @Override
    public CompletableFuture<ConsentRecord> keepAsync(LogEntry entry) {
        return commits.appendAsync(requireNonNull(entry, "entry"));
    }

    /**
     * Erases personal fields of every record of {@code consentId}, in every node's chain (GDPR Art. 17). Their
     * commitments stay, so the log still verifies and reports those records as redacted. One transaction.
     *
     * @param fields the personal fields to erase, such as {@link LogEntry#IP}; all of them when empty
     * @return how many records were changed
     */
    public int redact(java.util.UUID consentId, java.util.Set<String> fields) throws IOException {
        requireNonNull(consentId, "consentId");
        requireNonNull(fields, "fields");
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            int changed = 0;
            try (java.sql.PreparedStatement select = c.prepareStatement("SELECT node, seq, line FROM "
                    + LogTables.RECORDS + " WHERE consent_id = ? FOR UPDATE");
                    java.sql.PreparedStatement update = c.prepareStatement("UPDATE " + LogTables.RECORDS
                            + " SET line = ? WHERE node = ? AND seq = ?")) {
                select.setObject(1, consentId);
                try (java.sql.ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ConsentRecord r = RecordFormat.parse(rs.getString(3));
                        ConsentRecord redacted = r.redact(fields);
                        if (redacted != r) {
                            update.setString(1, RecordFormat.toLine(redacted));
                            update.setString(2, rs.getString(1));
                            update.setLong(3, rs.getLong(2));
                            update.addBatch();
                            changed++;
                        }
                    }
                }
                update.executeBatch();
                c.commit();
            } catch (MalformedRecordException e) {
                c.rollback();
                throw new IOException("a record of consent ID " + consentId + " is not a consent record: "
                        + e.getMessage(), e);
            }
            log.info("consent log at {}: erased personal fields of {} record(s)", target.description(), changed);
            return changed;
        } catch (SQLException e) {
            throw new IOException("erasing personal fields at " + target.description() + " failed: "
                    + target.reason(e), e);
        }
    }

    /** This writer's node id. */
    public String node() {
        return node;
    }

    /** Stops accepting records, writes what is queued, and lets go of the node's lock and the connection. */
    @Override
    public void close() {
        if (!commits.close()) {
            log.warn("consent log node {}: the writer is still busy; it lets go of its connection when done", node);
        }
    }

    // ---- connecting and resuming -----------------------------------------------------------------------------

    /** Connects, creates missing tables, takes the node's lock and resumes its chain from its head. */
    private void connect(int lockAttempts) throws IOException {
        Connection c = target.connect();
        try {
            c.setAutoCommit(true);
            if (LogTables.missing(c).isPresent()) {
                LogTables.create(c);
            }
            try (Statement s = c.createStatement()) {
                s.execute("SET application_name = 'consentgate-log:" + node + "'"); // node is [A-Za-z0-9_.-]+
                try (ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
                    if (rs.next() && "off".equals(rs.getString(1))) {
                        s.execute("SET synchronous_commit = on");
                    }
                }
            }
            lock(c, lockAttempts);
            c.setAutoCommit(false);
            connection = c;
            chain = resume(c);
        } catch (SQLException e) {
            connection = c;
            abandon();
            throw new IOException("consent log at " + target.description() + ": cannot open node '" + node + "': "
                    + target.reason(e), e);
        } catch (IOException | RuntimeException e) {
            connection = c;
            abandon();
            throw e;
        }
    }

    private void lock(Connection c, int attempts) throws SQLException, IOException {
        for (int i = 1; !NodeRows.tryLock(c, node); i++) {
            if (i >= attempts) {
                throw new IOException("consent log at " + target.description() + ": node '" + node
                        + "' is already open for writing by another process; give each app node its own node id");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the lock of node " + node);
            }
        }
    }

    /** The chain after the node's last committed record, once that record is checked against the head. */
    private Chain resume(Connection c) throws SQLException, IOException {
        Optional<ChainHead> head = LogTables.head(c, LogTables.HEADS, node);
        Optional<NodeRows.LastRow> last = NodeRows.last(c, node);
        if (head.isEmpty()) {
            if (last.isPresent()) {
                throw refused("node " + node + " has records but no head in " + LogTables.HEADS);
            }
            NodeRows.insertHead(c, ChainHead.of(node, 0, ConsentRecord.GENESIS, key));
            c.commit();
            return Chain.start(node, key);
        }
        c.commit();
        // An auditor's checks, on the last record only: its hash, its MAC, and that it is the one the head names.
        ChainVerifier verifier = new ChainVerifier(key, Map.of(), true);
        last.ifPresent(r -> verifier.accept(LogTables.location(node, r.seq()), r.line()));
        Verification v = verifier.finish(Map.of(node, head.get()));
        if (v.problem().isPresent()) {
            throw refused(v.problem().get().message());
        }
        if (v.lastSeq().getOrDefault(node, 0L) > head.get().seq()) {
            throw refused("the log of node " + node + " has records after record " + head.get().seq()
                    + ", which its head names");
        }
        return Chain.resume(node, head.get().seq(), head.get().hash(), key);
    }

    private IOException refused(String why) {
        return new IOException("consent log at " + target.description()
                + " does not verify, refusing to write to it: " + why);
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    private GroupCommit.Staged writeBatch(List<GroupCommit.Pending> batch) throws IOException {
        for (int attempt = 1; ; attempt++) {
            boolean committing = false;
            try {
                if (connection == null) {
                    connect(RELOCK_ATTEMPTS);
                }
                purgeIfDue();
                long before = chain.lastSeq();
                LineBuffer lines = new LineBuffer();
                List<Chain.Sealed> written = new ArrayList<>(batch.size());
                for (GroupCommit.Pending p : batch) {
                    written.add(chain.seal(p.entry(), lines));
                }
                NodeRows.append(connection, written, lines, chain.head(), before);
                committing = true;
                connection.commit();
                return GroupCommit.Staged.durable(written.stream().map(Chain.Sealed::record).toList());
            } catch (IOException e) {
                log.error("consent log node {}: {}; {} decision(s) not recorded", node, e.getMessage(), batch.size());
                throw e;
            } catch (RuntimeException e) {
                abandon();
                throw e;
            } catch (SQLException e) {
                boolean lost = lost(e);
                abandon();
                if (lost && !committing && attempt == 1) {
                    log.warn("consent log node {}: connection lost ({}); reconnecting", node, target.reason(e));
                    continue;
                }
                log.error("consent log node {}: write failed; {} decision(s) not recorded", node, batch.size(), e);
                String what = committing ? "consent log commit failed, the records may or may not have been kept: "
                        : "consent log write failed: ";
                throw new IOException(what + target.reason(e), e);
            }
        }
    }

    private boolean lost(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
            return true; // connection exception; admin or crash shutdown
        }
        try {
            return connection.isClosed();
        } catch (SQLException closed) {
            return true;
        }
    }

    /** Drops the connection (rolling back, releasing the node's lock); the next write reconnects and resumes. */
    private void abandon() {
        Connection c = connection;
        connection = null;
        chain = null;
        if (c == null) {
            return;
        }
        try {
            if (!c.isClosed()) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                // A pooled connection's session outlives close(): let go of the lock explicitly.
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock_all()");
                }
            }
        } catch (SQLException e) {
            log.debug("consent log node {}: while dropping the connection: {}", node, e.getMessage());
        } finally {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("consent log node {}: while closing the connection: {}", node, e.getMessage());
            }
        }
    }

    /**
     * Retention, once a day before a write: deletes the records decided more than {@code retentionDays} days ago
     * from every node's chain, not only this node's (a node that stopped writing would otherwise keep its records
     * for ever), each after writing that chain's checkpoint from which the rest still verifies. A chain's last
     * record is always kept, so that its head has a record to name. Each chain is purged in a transaction of its
     * own, holding its head row, so that neither its node's appends nor another node's purge run meanwhile.
     */
    private void purgeIfDue() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (retentionDays <= 0 || today.equals(purgedOn)) {
            return;
        }
        purgedOn = today;
        Instant cutoff = today.minusDays(retentionDays).atStartOfDay(ZoneOffset.UTC).toInstant();
        try {
            for (String n : NodeRows.nodes(connection)) {
                Optional<Long> last = NodeRows.lockHead(connection, n);
                int deleted = last.isEmpty() ? 0 : NodeRows.purge(connection, n, cutoff, last.get(), key);
                connection.commit();
                if (deleted > 0) {
                    log.info("consent log node {}: retention removed {} record(s) of node {} decided before {}",
                            node, deleted, n, cutoff);
                }
            }
        } catch (SQLException | MalformedRecordException e) {
            // A lost connection is found out, and retried, by the write that follows.
            log.warn("consent log node {}: retention purge failed, trying again tomorrow: {}", node, e.getMessage());
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                log.debug("consent log node {}: rollback failed: {}", node, rollback.getMessage());
            }
        }
    }

    /** Configures a {@link PostgresConsentLog}. Setters validate at once. Not thread-safe. */
    public static final class Builder extends StoreBuilder<Builder> {
        private final JdbcTarget target;

        private Builder(JdbcTarget target) {
            this.target = target;
        }

        /**
         * Opens the log: connects, creates missing tables, takes the node's lock, checks the node's last record
         * against its head, and runs retention.
         *
         * @throws IOException when the database cannot be reached, another process writes this node, or the end of
         *                     the node's chain does not verify
         */
        public PostgresConsentLog open() throws IOException {
            PostgresConsentLog store = new PostgresConsentLog(this);
            store.connect(1);
            store.purgeIfDue();
            store.commits.start();
            return store;
        }
    }
}
