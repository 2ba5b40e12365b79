package dev.consentgate.audit;

import dev.consentgate.core.log.ConsentRecord;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.function.Function;

/**
 * Writes records in one of {@code export}'s formats. Both have the same fields, flattened: the stored line's
 * salts, commitments, {@code prev} and {@code mac} are left out (the log files themselves are the verifiable form);
 * {@code hash} is kept so an exported row can be traced back to its record.
 */
interface RecordWriter {

    /** The exported fields, in order. */
    List<String> FIELDS = List.of("seq", "node", "timestamp", "consentId", "action", "granted", "refused",
            "policyRevision", "expiresAt", "policyHash", "language", "page", "ip", "browser", "redacted", "hash");

    /** Writes what comes before the first record. */
    void start() throws IOException;

    void write(ConsentRecord r) throws IOException;

    /** Flushes; the underlying writer stays open. */
    void finish() throws IOException;

    /** The writers of {@code --format}: {@code csv} or {@code json}. */
    static Function<Writer, RecordWriter> format(String format) throws UsageException {
        return switch (format) {
            case "csv" -> CsvRecordWriter::new;
            case "json" -> JsonRecordWriter::new;
            default -> throw new UsageException("--format must be csv or json, got '" + Fields.printable(format)
                    + "'");
        };
    }
}
