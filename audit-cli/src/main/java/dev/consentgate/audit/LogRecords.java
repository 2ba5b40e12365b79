package dev.consentgate.audit;

import dev.consentgate.core.log.ConsentLogSource;
import dev.consentgate.core.log.ConsentRecord;
import dev.consentgate.core.log.MalformedRecordException;
import dev.consentgate.core.log.RecordFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a consent log's records for {@code show}, {@code export} and {@code stats}, without verifying the chain:
 * a line that is not a record stops the command, as the log is then not a consent log or is damaged.
 */
final class LogRecords {

    /** Receives each record with where it is. */
    @FunctionalInterface
    interface Visitor {
        void visit(String location, ConsentRecord record) throws IOException;
    }

    private LogRecords() {
    }

    /** Opens the log at {@code location} and visits every record in the range, in chain order. */
    static void read(String location, TimeRange range, Visitor visitor) throws IOException {
        ConsentLogSource source = ConsentLogSource.open(location);
        source.scan((where, line) -> {
            ConsentRecord r;
            try {
                r = RecordFormat.parse(line);
            } catch (MalformedRecordException e) {
                String why = line.indexOf('\uFFFD') >= 0 ? "not UTF-8 text" : e.getMessage();
                throw new IOException(where + " is not a consent record: " + why
                        + " (verify tells whether the log was damaged)");
            }
            if (range.contains(r.timestamp())) {
                visitor.visit(where, r);
            }
        });
    }

    /**
     * Refuses to write {@code output} into the log's own directory: an auditor's tool must never overwrite or add to
     * the evidence it reads.
     */
    static void refuseInsideLog(String location, Path output, String option) throws UsageException {
        if (location.startsWith("jdbc:")) {
            return;
        }
        Path log = Path.of(location).toAbsolutePath().normalize();
        Path logDir = Files.isDirectory(log) ? log : log.getParent();
        Path outDir = output.toAbsolutePath().normalize().getParent();
        if (logDir != null && logDir.equals(outDir)) {
            throw new UsageException(option + " must not be in the log's directory " + logDir);
        }
    }
}
