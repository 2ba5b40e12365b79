package dev.consentgate.core.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The SQL a {@link PostgresConsentLog} writer runs on one node's rows. Each method runs in the caller's transaction
 * and does not commit.
 */
final class NodeRows {

    /** The newest row of a node. */
    record LastRow(long seq, String line) {
    }

    private static final String INSERT = "INSERT INTO " + LogTables.RECORDS
            + " (node, seq, decided_at, consent_id, line) VALUES (?, ?, ?, ?, ?)";
    private static final String MOVE_HEAD = "UPDATE " + LogTables.HEADS
            + " SET seq = ?, hash = ?, mac = ? WHERE node = ? AND seq = ?";

    private NodeRows() {
    }

    /** Takes the session-level advisory lock of {@code node}'s chain; false when another session holds it. */
    static boolean tryLock(Connection c, String node) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            s.setLong(1, LogTables.lockKey(LogTables.currentSchema(c), node));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static Optional<LastRow> last(Connection c, String node) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq, line FROM " + LogTables.RECORDS
                + " WHERE node = ? ORDER BY seq DESC LIMIT 1")) {
            s.setString(1, node);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new LastRow(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** The head of a new chain. */
    static void insertHead(Connection c, ChainHead head) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + LogTables.HEADS
                + " (node, seq, hash, mac) VALUES (?, ?, ?, ?)")) {
            setRow(s, head);
            s.executeUpdate();
        }
    }

    /**
     * Inserts {@code records} (one JDBC batch) and moves the head from record {@code before} to {@code head}.
     *
     * @throws SQLException also when the head is no longer at {@code before}: someone else wrote this chain
     */
    static void append(Connection c, List<Chain.Sealed> records, LineBuffer lines, ChainHead head, long before)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            for (Chain.Sealed sealed : records) {
                s.setString(1, sealed.node());
                s.setLong(2, sealed.seq());
                s.setObject(3, OffsetDateTime.ofInstant(sealed.prepared().entry().timestamp(), ZoneOffset.UTC));
                s.setObject(4, sealed.prepared().entry().consentId());
                s.setString(5, sealed.line(lines));
                s.addBatch();
            }
            s.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement(MOVE_HEAD)) {
            s.setLong(1, head.seq());
            s.setString(2, head.hash());
            s.setString(3, head.mac().orElse(null));
            s.setString(4, head.node());
            s.setLong(5, before);
            if (s.executeUpdate() != 1) {
                throw new SQLException("the head of node " + head.node() + " is no longer at record " + before
                        + ": another process wrote this node's chain");
            }
        }
    }

    /**
     * Retention: deletes the node's records up to the last one before the first decided at or after
     * {@code cutoff}, keeping at least record {@code lastSeq}, and first writes a checkpoint (the last deleted
     * record's seq and hash) from which the rest still verifies.
     *
     * @return how many records were deleted
     */
    static int purge(Connection c, String node, Instant cutoff, long lastSeq, Optional<AuditKey> key)
            throws SQLException, MalformedRecordException {
        long keepFrom = lastSeq;
        try (PreparedStatement s = c.prepareStatement("SELECT min(seq) FROM " + LogTables.RECORDS
                + " WHERE node = ? AND decided_at >= ?")) {
            s.setString(1, node);
            s.setObject(2, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long first = rs.getLong(1);
                if (!rs.wasNull()) {
                    keepFrom = Math.min(keepFrom, first);
                }
            }
        }
        long cut = keepFrom - 1;
        if (cut <= LogTables.head(c, LogTables.CHECKPOINTS, node).map(ChainHead::seq).orElse(0L)) {
            return 0;
        }
        String line;
        try (PreparedStatement s = c.prepareStatement("SELECT line FROM " + LogTables.RECORDS
                + " WHERE node = ? AND seq = ?")) {
            s.setString(1, node);
            s.setLong(2, cut);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("record " + cut + " of node " + node + " is missing");
                }
                line = rs.getString(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + LogTables.CHECKPOINTS
                + " (node, seq, hash, mac) VALUES (?, ?, ?, ?) ON CONFLICT (node) DO UPDATE"
                + " SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac"
                + " WHERE " + LogTables.CHECKPOINTS + ".seq < excluded.seq")) { // a checkpoint only moves on
            setRow(s, ChainHead.of(node, cut, RecordFormat.parse(line).hash(), key));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + LogTables.RECORDS
                + " WHERE node = ? AND seq <= ?")) {
            s.setString(1, node);
            s.setLong(2, cut);
            return s.executeUpdate();
        }
    }

    /**
     * Every node with a chain in the log, in order: each node's retention purge covers them all, so that the records
     * of a node that stopped writing (a replaced pod, a renamed node) are not kept for ever.
     */
    static List<String> nodes(Connection c) throws SQLException {
        List<String> nodes = new java.util.ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT node FROM " + LogTables.HEADS + " ORDER BY node");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                nodes.add(rs.getString(1));
            }
        }
        return nodes;
    }

    /**
     * Locks the node's head row until the transaction ends and returns its seq: the node's own appends move that
     * row, so while it is held neither they nor another node's purge of the same chain can run.
     */
    static Optional<Long> lockHead(Connection c, String node) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq FROM " + LogTables.HEADS
                + " WHERE node = ? FOR UPDATE")) {
            s.setString(1, node);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void setRow(PreparedStatement s, ChainHead head) throws SQLException {
        s.setString(1, head.node());
        s.setLong(2, head.seq());
        s.setString(3, head.hash());
        s.setString(4, head.mac().orElse(null));
    }
}
