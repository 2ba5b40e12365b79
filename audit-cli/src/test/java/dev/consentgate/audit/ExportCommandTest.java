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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgate.audit.AuditFixtures.Result;
import dev.consentgate.core.log.ConsentRecord;
import dev.consentgate.core.log.LogEntry;
import dev.consentgate.core.log.RecordFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {

    private static final String HEADER = "seq,node,timestamp,consentId,action,granted,refused,policyRevision,"
            + "expiresAt,policyHash,language,page,ip,browser,redacted,hash";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<ConsentRecord> records() throws IOException {
        return lines(onlySegment(dir)).stream().map(AuditFixtures::parse).toList();
    }

    private static List<String> csvLines(Result r) {
        assertThat(r.out()).endsWith("\r\n");
        return List.of(r.out().split("\r\n"));
    }

    @Test
    void exportCsv_wholeLog_headerAndOneRowPerRecordWithCrlf() throws IOException {
        write(dir, 3, Optional.empty());
        List<ConsentRecord> records = records();

        Result r = run("export", dir.toString(), "--format", "csv");

        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(csvLines(r)).containsExactly(HEADER,
                "1,local,2026-11-25T10:01:00Z,00000000-0000-1234-0000-000000000001,custom,analytics necessary,"
                        + "advertising,3,2026-11-26T10:01:00Z," + "ab".repeat(32) + ",de-DE,"
                        + "https://example.com/page/1,203.0.113.0,,," + records.get(0).hash(),
                "2,local,2026-11-25T10:02:00Z,00000000-0000-1234-0000-000000000002,reject-all,necessary,"
                        + "advertising analytics,3,2026-11-26T10:02:00Z," + "ab".repeat(32) + ",de-DE,"
                        + "https://example.com/page/2,203.0.113.0,,," + records.get(1).hash(),
                "3,local,2026-11-25T10:03:00Z,00000000-0000-1234-0000-000000000003,accept-all,"
                        + "advertising analytics necessary,,3,2026-11-26T10:03:00Z," + "ab".repeat(32) + ",de-DE,"
                        + "https://example.com/page/3,203.0.113.0,,," + records.get(2).hash());
    }

    @Test
    void exportCsv_redactedField_isEmptyAndListed() throws IOException {
        write(dir, 2, Optional.empty());
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        lines.set(0, RecordFormat.toLine(parse(lines.get(0)).redact(LogEntry.IP)));
        rewrite(segment, lines);

        Result r = run("export", dir.toString(), "--format", "csv");

        assertThat(csvLines(r).get(1)).contains(",https://example.com/page/1,,,ip,");
    }

    @Test
    void exportCsv_formulaInPageUrl_isDefused() throws IOException {
        write(dir, List.of(
                entry(START, id(1), "custom", Set.of("necessary"), Set.of(),
                        Map.of(LogEntry.PAGE, "=HYPERLINK(\"https://evil.example\",\"click\")")),
                entry(START, id(2), "custom", Set.of("necessary"), Set.of(),
                        Map.of(LogEntry.PAGE, "@SUM(1+1)*cmd|' /C calc'!A0", LogEntry.BROWSER, "+x, -y"))),
                Optional.empty());

        Result r = run("export", dir.toString(), "--format", "csv");

        assertThat(csvLines(r).get(1))
                .contains(",\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"click\"\")\",");
        assertThat(csvLines(r).get(2)).contains(",'@SUM(1+1)*cmd|' /C calc'!A0,,\"'+x, -y\",");
    }

    @Test
    void exportCsv_fromAndTo_fromInclusiveToExclusive() throws IOException {
        write(dir, 6, Optional.empty());

        Result r = run("export", dir.toString(), "--format", "csv", "--from", "2026-11-25T10:02:00Z",
                "--to=2026-11-25T10:04:00Z");

        assertThat(r.code()).isZero();
        assertThat(csvLines(r)).hasSize(3).extracting(l -> l.substring(0, l.indexOf(',')))
                .containsExactly("seq", "2", "3");
    }

    @Test
    void exportJson_fromDate_startsAtMidnightUtc() throws IOException {
        write(dir, List.of(
                entry(START.minusSeconds(1), id(1), "custom", Set.of("necessary"), Set.of(), Map.of()),
                entry(Instant.parse("2026-11-26T00:00:00Z"), id(2), "custom", Set.of("necessary"), Set.of(), Map.of()),
                entry(Instant.parse("2026-11-26T23:59:59Z"), id(3), "custom", Set.of("necessary"), Set.of(), Map.of()),
                entry(Instant.parse("2026-11-27T00:00:00Z"), id(4), "custom", Set.of("necessary"), Set.of(), Map.of())),
                Optional.empty());

        Result r = run("export", dir.toString(), "--format", "json", "--from", "2026-11-26", "--to", "2026-11-27");

        assertThat(r.code()).isZero();
        assertThat(r.out().lines().map(ExportCommandTest::json).map(n -> n.get("seq").asLong()))
                .containsExactly(2L, 3L);
    }

    @Test
    void exportJson_record_isOneFlatObjectPerLine() throws IOException {
        write(dir, 2, Optional.empty());
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        lines.set(1, RecordFormat.toLine(parse(lines.get(1)).redact(LogEntry.PAGE)));
        rewrite(segment, lines);
        List<ConsentRecord> records = records();

        Result r = run("export", dir.toString(), "--format", "json");

        assertThat(r.code()).isZero();
        assertThat(r.out()).endsWith("}\n").doesNotStartWith(" ");
        List<String> out = r.out().lines().toList();
        assertThat(out).hasSize(2);
        JsonNode second = json(out.get(1));
        assertThat(second.properties()).extracting(Map.Entry::getKey).containsExactlyElementsOf(RecordWriter.FIELDS);
        assertThat(second.get("seq").asLong()).isEqualTo(2);
        assertThat(second.get("action").asText()).isEqualTo("reject-all");
        assertThat(second.get("granted")).hasSize(1);
        assertThat(second.get("refused").toString()).isEqualTo("[\"advertising\",\"analytics\"]");
        assertThat(second.get("page").isNull()).isTrue();
        assertThat(second.get("ip").asText()).isEqualTo("203.0.113.0");
        assertThat(second.get("browser").isNull()).isTrue();
        assertThat(second.get("redacted").toString()).isEqualTo("[\"page\"]");
        assertThat(second.get("hash").asText()).isEqualTo(records.get(1).hash());
        assertThat(out.get(1)).doesNotContain("salt").doesNotContain("commitments").doesNotContain("\"prev\"");
    }

    @Test
    void export_output_writesTheFileAndNothingToStdout(@TempDir Path elsewhere) throws IOException {
        write(dir, 2, Optional.empty());
        Path file = elsewhere.resolve("out.jsonl");

        Result r = run("export", dir.toString(), "--format", "json", "--output", file.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(2);
        try (Stream<Path> files = Files.list(elsewhere)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("out.jsonl");
        }
    }

    @Test
    void export_outputInTheLogsDirectory_isRefused() throws IOException {
        write(dir, 1, Optional.empty());
        Path segment = onlySegment(dir);
        byte[] before = Files.readAllBytes(segment);

        Result r = run("export", segment.toString(), "--format", "json", "--output", segment.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --output must not be in the log's directory " + dir + "\n");
        assertThat(Files.readAllBytes(segment)).isEqualTo(before);
    }

    @Test
    void export_outputButLogMissing_leavesNoFile() {
        Path file = dir.resolve("out.csv");

        Result r = run("export", dir.resolve("nope").toString(), "--format", "csv", "--output", file.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("out.csv.part")).doesNotExist();
    }

    @Test
    void export_withoutFormat_exitsTwo() throws IOException {
        write(dir, 1, Optional.empty());

        Result r = run("export", dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: export needs --format csv or --format json\n");
    }

    @Test
    void export_unknownFormat_exitsTwo() throws IOException {
        write(dir, 1, Optional.empty());

        Result r = run("export", dir.toString(), "--format", "xlsx");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: --format must be csv or json, got 'xlsx'\n");
    }

    @Test
    void export_badDate_exitsTwoQuotingIt() throws IOException {
        write(dir, 1, Optional.empty());

        Result r = run("export", dir.toString(), "--format", "csv", "--from", "yesterday");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: --from must be an ISO-8601 instant or date such as 2026-11-25, got"
                + " 'yesterday'\nrun with --help for usage\n");
    }

    @Test
    void export_fromNotBeforeTo_exitsTwo() throws IOException {
        write(dir, 1, Optional.empty());

        Result r = run("export", dir.toString(), "--format", "csv", "--from", "2026-11-26", "--to", "2026-11-25");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --from must be before --to, got 2026-11-26T00:00:00Z and"
                + " 2026-11-25T00:00:00Z\n");
    }

    @Test
    void export_textFileThatIsNoLog_exitsTwoNamingTheLine() throws IOException {
        Path text = Files.writeString(dir.resolve("x.txt"), "{\"v\":1}\n");

        Result r = run("export", text.toString(), "--format", "json");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: x.txt:1 is not a consent record: field 'seq' is missing"
                + " (verify tells whether the log was damaged)\n");
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
