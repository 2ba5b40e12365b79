package dev.consentgate.audit;

import dev.consentgate.core.log.AuditKey;
import dev.consentgate.core.log.ConsentRecord;
import dev.consentgate.core.log.FileConsentLog;
import dev.consentgate.core.log.LogEntry;
import dev.consentgate.core.log.MalformedRecordException;
import dev.consentgate.core.log.RecordFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/** Real consent logs written with {@link FileConsentLog}, file surgery on them, and the CLI run in-process. */
final class AuditFixtures {

    static final byte[] KEY_BYTES = "an audit key of at least 32 bytes!".getBytes(StandardCharsets.US_ASCII);
    static final AuditKey KEY = AuditKey.of(KEY_BYTES);
    /** An environment holding the audit key. */
    static final Map<String, String> KEY_ENV = Map.of(AuditKey.ENVIRONMENT_VARIABLE,
            Base64.getEncoder().encodeToString(KEY_BYTES));
    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    static final String[] ACTIONS = {"accept-all", "custom", "reject-all"};

    private AuditFixtures() {
    }

    /** The {@code i}-th decision: a minute apart, its own consent ID, actions taking turns, page and IP kept. */
    static LogEntry entry(int i) {
        Instant t = START.plusSeconds(60L * i);
        String action = ACTIONS[i % 3];
        Set<String> granted = switch (action) {
            case "accept-all" -> Set.of("necessary", "analytics", "advertising");
            case "custom" -> Set.of("necessary", "analytics");
            default -> Set.of("necessary");
        };
        Set<String> refused = switch (action) {
            case "accept-all" -> Set.of();
            case "custom" -> Set.of("advertising");
            default -> Set.of("analytics", "advertising");
        };
        return entry(t, id(i), action, granted, refused,
                Map.of(LogEntry.PAGE, "https://example.com/page/" + i, LogEntry.IP, "203.0.113.0"));
    }

    static LogEntry entry(Instant t, UUID id, String action, Set<String> granted, Set<String> refused,
            Map<String, String> personal) {
        return new LogEntry(t, id, action, granted, refused, 3, Optional.of(t.plusSeconds(86_400)),
                Optional.of("ab".repeat(32)), Optional.of("de-DE"), personal);
    }

    static UUID id(int i) {
        return new UUID(0x1234, i);
    }

    /** Writes entries 1 to {@code n} to a log in {@code dir}. */
    static void write(Path dir, int n, Optional<AuditKey> key) throws IOException {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            entries.add(entry(i));
        }
        write(dir, entries, key);
    }

    static void write(Path dir, List<LogEntry> entries, Optional<AuditKey> key) throws IOException {
        try (FileConsentLog log = FileConsentLog.builder(dir).auditKey(key)
                .clock(Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC)).open()) {
            for (LogEntry e : entries) {
                log.append(e);
            }
        }
    }

    static Path onlySegment(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> segments = files.filter(p -> p.getFileName().toString().matches("consents-.*\\.jsonl"))
                    .toList();
            if (segments.size() != 1) {
                throw new AssertionError("expected one segment, got " + segments);
            }
            return segments.get(0);
        }
    }

    static List<String> lines(Path file) throws IOException {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static void rewrite(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    static ConsentRecord parse(String line) {
        try {
            return RecordFormat.parse(line);
        } catch (MalformedRecordException e) {
            throw new AssertionError(e);
        }
    }

    /** What a run of the CLI printed and returned. */
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        return run(Map.of(), args);
    }

    static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = AuditCli.run(args, o, e, env);
        o.flush();
        e.flush();
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
