package dev.consentgate.core.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A consent log to read: its records in chain order, the heads that guard its end, and the checkpoints retention
 * left at its start. The auditor's tools read every store through this.
 */
public interface ConsentLogSource {

    /** Receives each line of the log with where it is ({@code file:line}, or a table row). */
    @FunctionalInterface
    interface LineVisitor {
        void visit(String location, String line) throws IOException;
    }

    /** Visits every record line, each node's chain in order. */
    void scan(LineVisitor visitor) throws IOException;

    /** The head of each node's chain. */
    Map<String, ChainHead> heads() throws IOException;

    /** Where each node's chain starts when older records were removed by retention. */
    Map<String, ChainHead> checkpoints() throws IOException;

    /**
     * Whether this is only part of a log (one segment file): its chain is then checked from its first record, and
     * what came before it and the head are not.
     */
    default boolean partial() {
        return false;
    }

    /** Walks the whole log and reports the first record that does not verify. */
    default Verification verify(Optional<AuditKey> key) throws IOException {
        return verify(key, done -> { });
    }

    /**
     * Walks the whole log on every core and reports the first record that does not verify; {@code progress} hears
     * how many records are done, now and then, on the calling thread.
     */
    default Verification verify(Optional<AuditKey> key, LongConsumer progress) throws IOException {
        return ParallelVerify.run(this, key, progress);
    }

    /**
     * The log at {@code location}: a JDBC URL ({@code jdbc:postgresql://…}), or the file store's directory or one
     * of its segment files.
     *
     * @throws IOException when there is nothing there, or it is not a consent log
     */
    static ConsentLogSource open(String location) throws IOException {
        if (location.startsWith("jdbc:")) {
            return jdbc(location);
        }
        return files(Path.of(location));
    }

    /**
     * The {@link PostgresConsentLog PostgreSQL store}'s log at {@code jdbcUrl}, in the URL's current schema: every
     * node's chain in {@code (node, seq)} order, streamed, with locations {@code consent_log row node=<node>
     * seq=<seq>}. {@link #verify} reads it in one snapshot, so a log being written can be verified. Needs the
     * PostgreSQL JDBC driver on the class path.
     *
     * @throws IOException when the database cannot be reached ({@code cannot connect to <url>: <reason>}, the
     *                     password left out) or holds no consent log
     */
    static ConsentLogSource jdbc(String jdbcUrl) throws IOException {
        return JdbcLogSource.open(JdbcTarget.url(jdbcUrl));
    }

    /**
     * The file store's log in {@code location}: its directory, or one segment file of it.
     *
     * @throws IOException when there is no such file or directory
     */
    static ConsentLogSource files(Path location) throws IOException {
        return FileLogSource.open(location);
    }
}
