package dev.consentgate.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code export <log> --format csv|json [--from T] [--to T] [--output FILE]}: the records in the range, in chain
 * order, as CSV ({@link CsvRecordWriter}) or JSON Lines ({@link JsonRecordWriter}), UTF-8, to stdout or to a file.
 * A file is written aside and moved into place once complete, so a failed export leaves no half file.
 */
final class ExportCommand {

    static final Map<String, String> OPTIONS = Map.of("--format", "csv or json",
            "--from", "an ISO-8601 instant or date", "--to", "an ISO-8601 instant or date",
            "--output", "a file to write instead of stdout");

    private final Arguments args;

    ExportCommand(Arguments args) {
        this.args = args;
    }

    int run(PrintStream stdout) throws IOException, UsageException {
        Function<Writer, RecordWriter> format = RecordWriter.format(args.option("--format").orElseThrow(
                () -> new UsageException("export needs --format csv or --format json")));
        TimeRange range = args.range();
        Optional<Path> output = args.option("--output").map(Path::of);
        if (output.isEmpty()) {
            Writer w = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
            export(format.apply(w), range);
            if (stdout.checkError()) {
                throw new IOException("could not write the export to stdout");
            }
            return AuditCli.OK;
        }
        Path file = output.get().toAbsolutePath();
        LogRecords.refuseInsideLog(args.location(), file, "--output");
        if (Files.isDirectory(file)) {
            throw new UsageException("--output must name a file, not the directory " + file);
        }
        if (!Files.isDirectory(file.getParent())) {
            throw new UsageException("--output: there is no directory " + file.getParent());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        boolean done = false;
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            export(format.apply(w), range);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return AuditCli.OK;
    }

    private void export(RecordWriter writer, TimeRange range) throws IOException {
        writer.start();
        LogRecords.read(args.location(), range, (location, r) -> writer.write(r));
        writer.finish();
    }
}
