package dev.consentgate.core.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Entries and file surgery shared by the consent log tests. */
final class LogFixtures {

    static final AuditKey KEY = AuditKey.of("an audit key of at least 32 bytes!".getBytes(StandardCharsets.US_ASCII));

    private LogFixtures() {
    }

    static LogEntry entry(int i) {
        return entry(i, Instant.parse("2026-11-25T10:00:00Z").plusSeconds(i));
    }

    /** Entry {@code i}, decided at {@code t}. */
    static LogEntry entry(int i, Instant t) {
        return new LogEntry(t, new UUID(0x1234, i), i % 3 == 0 ? "accept-all" : "custom",
                i % 2 == 0 ? Set.of("necessary", "analytics") : Set.of("necessary"),
                i % 2 == 0 ? Set.of("advertising") : Set.of("advertising", "analytics"), 3,
                Optional.of(t.plusSeconds(86_400)), Optional.of("ab".repeat(32)), Optional.of("de-DE"),
                Map.of(LogEntry.PAGE, "https://example.com/page/" + i, LogEntry.IP, "203.0.113.0"));
    }

    static Path onlySegment(Path dir) throws IOException {
        List<Path> segments = LogFiles.segments(dir);
        if (segments.size() != 1) {
            throw new AssertionError("expected one segment, got " + segments);
        }
        return segments.get(0);
    }

    static List<String> lines(Path file) throws IOException {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static void rewrite(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    /** A UTC clock tests move forward; safe to read from a store's writer thread. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advanceDays(int days) {
            now = now.plusSeconds(days * 86_400L);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
