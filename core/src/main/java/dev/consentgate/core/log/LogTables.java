package dev.consentgate.core.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PostgreSQL store's tables, in the connection's current schema: records, one head per node, and one
 * checkpoint per node that retention has purged.
 */
final class LogTables {

    static final String RECORDS = "consent_log";
    static final String HEADS = "consent_log_head";
    static final String CHECKPOINTS = "consent_log_checkpoint";

    /**
     * {@code line} is the record exactly as {@link RecordFormat#toLine} wrote it: {@code text}, not {@code jsonb},
     * which would reorder keys and change whitespace. The other columns repeat what queries need.
     */
    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS " + RECORDS + " (node text NOT NULL, seq bigint NOT NULL,"
                    + " decided_at timestamptz NOT NULL, consent_id uuid NOT NULL, line text NOT NULL,"
                    + " PRIMARY KEY (node, seq))",
            "CREATE INDEX IF NOT EXISTS " + RECORDS + "_consent_id ON " + RECORDS + " (consent_id)",
            "CREATE INDEX IF NOT EXISTS " + RECORDS + "_decided_at ON " + RECORDS + " (node, decided_at)",
            "CREATE TABLE IF NOT EXISTS " + HEADS + " (node text PRIMARY KEY, seq bigint NOT NULL,"
                    + " hash text NOT NULL, mac text)",
            "CREATE TABLE IF NOT EXISTS " + CHECKPOINTS + " (node text PRIMARY KEY, seq bigint NOT NULL,"
                    + " hash text NOT NULL, mac text)");

    private LogTables() {
    }

    /** Creates what is missing, in one transaction; concurrent first starts wait for each other. */
    static void create(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // CREATE … IF NOT EXISTS is not safe against a concurrent CREATE: serialise first starts.
            s.execute("SELECT pg_advisory_xact_lock(" + lockKey(currentSchema(c), "") + ")");
            for (String ddl : DDL) {
                s.execute(ddl);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The first of the tables the connection's schema lacks, if any. */
    static Optional<String> missing(Connection c) throws SQLException {
        for (String table : List.of(RECORDS, HEADS, CHECKPOINTS)) {
            try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NULL")) {
                s.setString(1, table);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return Optional.of(table);
                    }
                }
            }
        }
        return Optional.empty();
    }

    static String currentSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_schema()")) {
            rs.next();
            return String.valueOf(rs.getString(1));
        }
    }

    /**
     * The advisory lock key of one node's chain in one schema: the first 8 bytes of a SHA-256, so that it does not
     * collide with other applications' keys in practice.
     */
    static long lockKey(String schema, String node) {
        String hex = RecordFormat.sha(("consentgate.consent_log:" + schema + ":" + node)
                .getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex.substring(0, 16))).getLong();
    }

    /** How the verifier names a row. */
    static String location(String node, long seq) {
        return RECORDS + " row node=" + node + " seq=" + seq;
    }

    /** The heads ({@code table} {@link #HEADS}) or checkpoints ({@link #CHECKPOINTS}) by node. */
    static Map<String, ChainHead> heads(Connection c, String table) throws SQLException {
        Map<String, ChainHead> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT node, seq, hash, mac FROM " + table + " ORDER BY node")) {
            while (rs.next()) {
                out.put(rs.getString(1), new ChainHead(rs.getString(1), rs.getLong(2), rs.getString(3),
                        Optional.ofNullable(rs.getString(4))));
            }
        }
        return out;
    }

    /** One node's head ({@code table} {@link #HEADS}) or checkpoint ({@link #CHECKPOINTS}). */
    static Optional<ChainHead> head(Connection c, String table, String node) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq, hash, mac FROM " + table + " WHERE node = ?")) {
            s.setString(1, node);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new ChainHead(node, rs.getLong(1), rs.getString(2),
                        Optional.ofNullable(rs.getString(3)))) : Optional.empty();
            }
        }
    }
}
