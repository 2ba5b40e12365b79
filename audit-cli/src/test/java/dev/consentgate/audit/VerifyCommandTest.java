package dev.consentgate.audit;

import static dev.consentgate.audit.AuditFixtures.KEY;
import static dev.consentgate.audit.AuditFixtures.KEY_ENV;
import static dev.consentgate.audit.AuditFixtures.lines;
import static dev.consentgate.audit.AuditFixtures.onlySegment;
import static dev.consentgate.audit.AuditFixtures.parse;
import static dev.consentgate.audit.AuditFixtures.rewrite;
import static dev.consentgate.audit.AuditFixtures.run;
import static dev.consentgate.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.audit.AuditFixtures.Result;
import dev.consentgate.core.log.AuditKey;
import dev.consentgate.core.log.LogEntry;
import dev.consentgate.core.log.RecordFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

    private static final String SEGMENT = "consents-2026-11-25.jsonl";

    @TempDir
    Path dir;

    private Result verify() {
        return run("verify", dir.toString());
    }

    @Test
    void verify_intactLog_exitsZeroWithSummary() throws IOException {
        write(dir, 10, Optional.empty());

        Result r = verify();

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("""
                consent log: %s
                result: intact
                records: 10
                node local: last record 10
                note: no audit key given: record and head MACs were not checked
                """.formatted(dir));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void verify_auditKeyInEnvironment_checksMacs() throws IOException {
        write(dir, 5, Optional.of(KEY));

        Result r = run(KEY_ENV, "verify", dir.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("result: intact\n").doesNotContain("note:");
    }

    @Test
    void verify_wrongAuditKey_exitsOneUnsigned() throws IOException {
        write(dir, 5, Optional.of(KEY));
        Map<String, String> other = Map.of(AuditKey.ENVIRONMENT_VARIABLE,
                Base64.getEncoder().encodeToString(new byte[32]));

        Result r = run(other, "verify", dir.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("result: NOT INTACT (unsigned)\n")
                .contains("problem: record 1 at " + SEGMENT + ":1's hash is not signed by the audit key: it was"
                        + " edited and re-hashed, or written without the key\n");
    }

    @Test
    void verify_editedByte_exitsOneNamingTheRecord() throws IOException {
        write(dir, 10, Optional.of(KEY));
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        lines.set(4, lines.get(4).replace("\"policyRevision\":3", "\"policyRevision\":4"));
        rewrite(segment, lines);

        Result r = run(KEY_ENV, "verify", dir.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("""
                consent log: %s
                result: NOT INTACT (edited)
                records: 10
                problem: record 5 at %s:5 was edited: its content does not match its hash
                """.formatted(dir, SEGMENT));
    }

    @Test
    void verify_editedPersonalValue_exitsOneNamingTheField() throws IOException {
        write(dir, 3, Optional.empty());
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        lines.set(1, lines.get(1).replace("203.0.113.0", "198.51.100.0"));
        rewrite(segment, lines);

        Result r = verify();

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("problem: record 2 at " + SEGMENT + ":2 was edited: its personal field 'ip'"
                + " does not match its commitment\n");
    }

    @Test
    void verify_deletedLine_exitsOneRemoved() throws IOException {
        write(dir, 10, Optional.empty());
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        lines.remove(3);
        rewrite(segment, lines);

        Result r = verify();

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("result: NOT INTACT (removed)\n")
                .contains("problem: record 4 is missing before record 5 at " + SEGMENT + ":4\n");
    }

    @Test
    void verify_swappedLines_exitsOneReordered() throws IOException {
        write(dir, 10, Optional.empty());
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        Collections.swap(lines, 5, 6);
        rewrite(segment, lines);

        Result r = verify();

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("result: NOT INTACT (reordered)\n")
                .contains("problem: record 7 at " + SEGMENT + ":6 is out of order: record 6 at " + SEGMENT
                        + ":7 comes after it\n");
    }

    @Test
    void verify_copiedLineInserted_exitsOneInserted() throws IOException {
        write(dir, 6, Optional.empty());
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        lines.add(3, lines.get(3));
        rewrite(segment, lines);

        Result r = verify();

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("result: NOT INTACT (inserted)\n")
                .contains("problem: record 4 at " + SEGMENT + ":4 was inserted: record 4 at " + SEGMENT
                        + ":5 is the one that chains on record 3\n");
    }

    @Test
    void verify_lastRecordsCutOff_exitsOneTruncated() throws IOException {
        write(dir, 10, Optional.of(KEY));
        Path segment = onlySegment(dir);
        rewrite(segment, lines(segment).subList(0, 7));

        Result r = run(KEY_ENV, "verify", dir.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("result: NOT INTACT (truncated)\n")
                .contains("problem: the log of node local ends at record 7 but its head names record 10: records 8"
                        + " to 10 were cut off\n");
    }

    @Test
    void verify_redactedField_exitsZeroAndSaysRedacted() throws IOException {
        write(dir, 4, Optional.of(KEY));
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        lines.set(1, RecordFormat.toLine(parse(lines.get(1)).redact(LogEntry.IP)));
        rewrite(segment, lines);

        Result r = run(KEY_ENV, "verify", dir.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("result: intact\n").contains("redacted: 1 record(s) with personal fields"
                + " erased on request; their commitments still verify\n");
    }

    @Test
    void verify_oneSegmentFile_checksItsChainWithANote() throws IOException {
        write(dir, 3, Optional.empty());

        Result r = run("verify", onlySegment(dir).toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("result: intact\n").contains("note: only part of the log was given");
    }

    @Test
    void verify_textFileThatIsNoLog_exitsOneMalformed() throws IOException {
        Path text = Files.writeString(dir.resolve("x.txt"), "hello\nworld\n");

        Result r = run("verify", text.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("result: NOT INTACT (malformed)\n")
                .contains("problem: line x.txt:1 is not a consent record: not a JSON object\n");
    }

    @Test
    void verify_byteThatIsNotUtf8_exitsOneNamingWhereItIs() throws IOException {
        write(dir, 4, Optional.empty());
        Path segment = onlySegment(dir);
        byte[] bytes = Files.readAllBytes(segment);
        int third = String.join("\n", lines(segment).subList(0, 2)).length() + 1;
        bytes[third + 5] = (byte) 0xff;
        Files.write(segment, bytes);

        Result r = verify();

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("result: NOT INTACT (malformed)\n")
                .contains("problem: line " + SEGMENT + ":3 is not a consent record: not UTF-8 text\n");
    }

    @Test
    void verify_missingDirectory_exitsTwo() {
        Path missing = dir.resolve("nope");

        Result r = run("verify", missing.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: " + missing + ": no such file or directory\n");
    }

    @Test
    void verify_directoryWithoutLog_exitsTwo() {
        Result r = verify();

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + dir + " is not a consent log directory: it holds no"
                + " consents-*.jsonl segment and no head.json\n");
    }

    @Test
    void verify_unreachableJdbcUrl_exitsTwoWithoutThePassword() {
        Result r = run("verify", "jdbc:postgresql://127.0.0.1:1/consents?user=x&password=secret");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: cannot connect to jdbc:postgresql://127.0.0.1:1/consents?user=x"
                + "&password=***: ").doesNotContain("secret");
    }

    @Test
    void verify_auditKeyNotBase64_exitsTwoWithoutEchoingIt() throws IOException {
        write(dir, 1, Optional.empty());

        Result r = run(Map.of(AuditKey.ENVIRONMENT_VARIABLE, "not*base64!"), "verify", dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: CONSENTGATE_AUDIT_KEY must be base64\n");
    }

    @Test
    void verify_longLog_reportsProgressOnStderr() throws Exception {
        write(dir, 10, Optional.empty());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        int code = new VerifyCommand(Arguments.parse("verify", new String[] {dir.toString()}, 1, Map.of()),
                Map.of(), new Progress(e, false, 4)).run(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));

        assertThat(code).isZero();
        // Verification reports in batches: one line for the batch that passed 4 and 8.
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("verifying: 10 records\n"
                + "verified 10 records in ");
    }

    @Test
    void verify_longLogOnTerminal_rewritesOneCounter() throws Exception {
        write(dir, 3, Optional.empty());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        new VerifyCommand(Arguments.parse("verify", new String[] {dir.toString()}, 1, Map.of()), Map.of(),
                new Progress(e, true, 2)).run(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("\rverifying: 3 records\r"
                + " ".repeat(20) + "\rverified 3 records in ");
    }
}
