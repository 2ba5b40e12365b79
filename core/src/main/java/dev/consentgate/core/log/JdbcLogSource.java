package dev.consentgate.core.log;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Reads the PostgreSQL store's tables for the auditor's tools: every node's chain in {@code (node, seq)} order,
 * streamed through a cursor so that a large log is never held in memory.
 */
final class JdbcLogSource implements ConsentLogSource {

    private static final int FETCH_SIZE = 1_000;

    private final JdbcTarget target;

    private JdbcLogSource(JdbcTarget target) {
        this.target = target;
    }

    /**
     * @throws IOException when the database cannot be reached or its schema holds no consent log tables
     */
    static JdbcLogSource open(JdbcTarget target) throws IOException {
        try (Connection c = target.connect()) {
            Optional<String> missing = LogTables.missing(c);
            if (missing.isPresent()) {
                throw new IOException(target.description() + " holds no consent log: there is no table "
                        + missing.get() + " in schema " + LogTables.currentSchema(c));
            }
        } catch (SQLException e) {
            throw failed(target, e);
        }
        return new JdbcLogSource(target);
    }

    @Override
    public void scan(LineVisitor visitor) throws IOException {
        read(c -> {
            scan(c, visitor);
            return null;
        });
    }

    @Override
    public Map<String, ChainHead> heads() throws IOException {
        return read(c -> LogTables.heads(c, LogTables.HEADS));
    }

    @Override
    public Map<String, ChainHead> checkpoints() throws IOException {
        return read(c -> LogTables.heads(c, LogTables.CHECKPOINTS));
    }

    /**
     * Reads checkpoints, records and heads in one snapshot, so that records a live writer commits meanwhile
     * cannot make its head look ahead of the log.
     */
    @Override
    public Verification verify(Optional<AuditKey> key, LongConsumer progress) throws IOException {
        return read(c -> ParallelVerify.run(snapshot(c), key, progress));
    }

    /** This log as one transaction of {@code c} sees it. */
    private ConsentLogSource snapshot(Connection c) {
        return new ConsentLogSource() {
            @Override
            public void scan(LineVisitor visitor) throws IOException {
                sql(() -> {
                    JdbcLogSource.scan(c, visitor);
                    return null;
                });
            }

            @Override
            public Map<String, ChainHead> heads() throws IOException {
                return sql(() -> LogTables.heads(c, LogTables.HEADS));
            }

            @Override
            public Map<String, ChainHead> checkpoints() throws IOException {
                return sql(() -> LogTables.heads(c, LogTables.CHECKPOINTS));
            }
        };
    }

    @FunctionalInterface
    private interface Query<T> {
        T run() throws SQLException, IOException;
    }

    private <T> T sql(Query<T> query) throws IOException {
        try {
            return query.run();
        } catch (SQLException e) {
            throw failed(target, e);
        }
    }

    private static void scan(Connection c, LineVisitor visitor) throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            s.setFetchSize(FETCH_SIZE); // PgJDBC streams with a cursor only outside autocommit
            try (ResultSet rs = s.executeQuery("SELECT node, seq, line FROM " + LogTables.RECORDS
                    + " ORDER BY node, seq")) {
                while (rs.next()) {
                    visitor.visit(LogTables.location(rs.getString(1), rs.getLong(2)), rs.getString(3));
                }
            }
        }
    }

    @FunctionalInterface
    private interface Read<T> {
        T apply(Connection c) throws SQLException, IOException;
    }

    /** Runs {@code read} in one read-only repeatable-read transaction of its own connection. */
    private <T> T read(Read<T> read) throws IOException {
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return read.apply(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw failed(target, e);
        }
    }

    private static IOException failed(JdbcTarget target, SQLException e) {
        return new IOException("reading the consent log at " + target.description() + " failed: "
                + target.reason(e), e);
    }
}
