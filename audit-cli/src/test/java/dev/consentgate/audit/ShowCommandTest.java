package dev.consentgate.audit;

import static dev.consentgate.audit.AuditFixtures.START;
import static dev.consentgate.audit.AuditFixtures.entry;
import static dev.consentgate.audit.AuditFixtures.id;
import static dev.consentgate.audit.AuditFixtures.lines;
import static dev.consentgate.audit.AuditFixtures.onlySegment;
import static dev.consentgate.audit.AuditFixtures.parse;
import static dev.consentgate.audit.AuditFixtures.rewrite;
import static dev.consentgate.audit.AuditFixtures.run;
import static dev.consentgate.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.audit.AuditFixtures.Result;
import dev.consentgate.core.log.LogEntry;
import dev.consentgate.core.log.RecordFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowCommandTest {

    @TempDir
    Path dir;

    /** Consent ID 7 accepts all, another visitor refuses, 7 narrows its choice (IP later erased), then withdraws. */
    @BeforeEach
    void history() throws IOException {
        write(dir, List.of(
                entry(START, id(7), "accept-all", Set.of("necessary", "analytics", "advertising"), Set.of(),
                        Map.of(LogEntry.PAGE, "https://example.com/", LogEntry.IP, "203.0.113.0")),
                entry(START.plusSeconds(5), id(8), "reject-all", Set.of("necessary"),
                        Set.of("analytics", "advertising"), Map.of()),
                entry(START.plusSeconds(3_600), id(7), "custom", Set.of("necessary", "analytics"),
                        Set.of("advertising"), Map.of(LogEntry.PAGE, "https://example.com/privacy", LogEntry.IP,
                                "203.0.113.0", LogEntry.BROWSER, "Firefox 140 on Linux")),
                entry(START.plusSeconds(86_400), id(7), "withdraw", Set.of("necessary"),
                        Set.of("analytics", "advertising"), Map.of())), Optional.empty());
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        lines.set(2, RecordFormat.toLine(parse(lines.get(2)).redact(LogEntry.IP)));
        rewrite(segment, lines);
    }

    @Test
    void show_knownId_printsItsHistoryInChainOrder() {
        Result r = run("show", dir.toString(), id(7).toString());

        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).containsExactly(
                "consent ID 00000000-0000-1234-0000-000000000007: 3 record(s)",
                "node   seq  timestamp             action      granted                          refused              "
                        + "  revision  page                         ip           browser",
                "local    1  2026-11-25T10:00:00Z  accept-all  advertising,analytics,necessary  -                    "
                        + "         3  https://example.com/         203.0.113.0  -",
                "local    3  2026-11-25T11:00:00Z  custom      analytics,necessary              advertising          "
                        + "         3  https://example.com/privacy  redacted     Firefox 140 on Linux",
                "local    4  2026-11-26T10:00:00Z  withdraw    necessary                        advertising,analytics"
                        + "         3  -                            -            -");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void show_upperCaseId_findsTheSameRecords() {
        Result r = run("show", dir.toString(), id(8).toString().toUpperCase());

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("consent ID 00000000-0000-1234-0000-000000000008: 1 record(s)\n");
    }

    @Test
    void show_unknownId_saysSoAndExitsZero() {
        Result r = run("show", dir.toString(), id(9).toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("no records for consent ID 00000000-0000-1234-0000-000000000009\n");
    }

    @Test
    void show_notAUuid_exitsTwo() {
        Result r = run("show", dir.toString(), "1-2-3-4-5");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: consent ID must be a UUID such as 123e4567-e89b-12d3-a456-426614174000,"
                + " got '1-2-3-4-5'\n");
    }

    @Test
    void show_missingConsentId_exitsTwo() {
        Result r = run("show", dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: show needs 1 more argument(s) after the log's location\n");
    }

    @Test
    void show_textFileThatIsNoLog_exitsTwoNamingTheLine() throws IOException {
        Path text = Files.writeString(dir.resolve("x.txt"), "hello\n");

        Result r = run("show", text.toString(), id(7).toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: x.txt:1 is not a consent record: not a JSON object (verify tells"
                + " whether the log was damaged)\n");
    }

    @Test
    void show_escapeSequenceInValue_isNotPassedToTheTerminal() throws IOException {
        Path other = dir.resolve("other");
        write(other, List.of(entry(START, id(1), "custom", Set.of("necessary"), Set.of(),
                Map.of(LogEntry.PAGE, "https://example.com/\u001b[2Jx"))), Optional.empty());

        Result r = run("show", other.toString(), id(1).toString());

        assertThat(r.out()).contains("https://example.com/\\u001b[2Jx").doesNotContain("\u001b");
    }
}
