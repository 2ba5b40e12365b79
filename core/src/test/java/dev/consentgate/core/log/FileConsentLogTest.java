package dev.consentgate.core.log;

import static dev.consentgate.core.log.LogFixtures.entry;
import static dev.consentgate.core.log.LogFixtures.lines;
import static dev.consentgate.core.log.LogFixtures.onlySegment;
import static dev.consentgate.core.log.LogFixtures.rewrite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consentgate.core.log.LogFixtures.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileConsentLogTest {

    @TempDir
    Path dir;

    private FileConsentLog open(Optional<AuditKey> key) throws IOException {
        return FileConsentLog.builder(dir).auditKey(key).open();
    }

    private void write(int n, Optional<AuditKey> key) throws IOException {
        try (FileConsentLog log = open(key)) {
            for (int i = 1; i <= n; i++) {
                log.append(entry(i));
            }
        }
    }

    private Verification verify(Optional<AuditKey> key) throws IOException {
        return ConsentLogSource.files(dir).verify(key);
    }

    @Test
    void append_records_verifyIsIntact() throws IOException {
        write(20, Optional.of(LogFixtures.KEY));

        Verification v = verify(Optional.of(LogFixtures.KEY));

        assertThat(v.problem()).isEmpty();
        assertThat(v.records()).isEqualTo(20);
        assertThat(v.lastSeq()).containsEntry("local", 20L);
    }

    @Test
    void append_returnsRecordWithCommitmentsNotRawHashes() throws IOException {
        try (FileConsentLog log = open(Optional.empty())) {
            ConsentRecord r = log.append(entry(2));

            assertThat(r.seq()).isEqualTo(1);
            assertThat(r.prev()).isEqualTo(ConsentRecord.GENESIS);
            assertThat(r.commitments()).containsOnlyKeys("ip", "page");
            assertThat(r.personal().get("page").value()).isEqualTo("https://example.com/page/2");
            assertThat(r.granted()).containsExactly("analytics", "necessary");
            assertThat(RecordFormat.computeHash(r)).isEqualTo(r.hash());
        }
    }

    @Test
    void builder_badSettings_failWithTheirNameBeforeAnythingIsOpened() {
        assertThatThrownBy(() -> FileConsentLog.builder(dir).node("a b"))
                .hasMessage("node id must match [A-Za-z0-9_.-]{1,64}, got 'a b'");
        assertThatThrownBy(() -> FileConsentLog.builder(dir).maxBatch(4_097))
                .hasMessage("maxBatch must be between 1 and 4096, got 4097");
        assertThatThrownBy(() -> FileConsentLog.builder(dir).ackTimeout(Duration.ZERO))
                .hasMessage("ackTimeout must be positive, got PT0S");
        assertThatThrownBy(() -> FileConsentLog.builder(dir).retentionDays(-1))
                .hasMessage("retentionDays must not be negative, got -1");
    }

    @Test
    void append_loneSurrogatesInTexts_areWrittenAsReplacementCharactersAndVerify() throws Exception {
        LogEntry base = entry(4);
        LogEntry odd = new LogEntry(base.timestamp(), base.consentId(), base.action(), base.granted(), base.refused(),
                base.policyRevision(), base.expiresAt(), base.policyHash(), Optional.of("de\uD83D"),
                Map.of(LogEntry.PAGE, "https://example.com/\uDC00a\uD83D\uDE00b\uD83D", LogEntry.BROWSER, "x\uDFFF"));
        try (FileConsentLog log = open(Optional.of(LogFixtures.KEY))) {
            log.append(entry(1));
            log.append(odd);
            log.append(entry(2));
        }

        Verification v = verify(Optional.of(LogFixtures.KEY));
        List<ConsentRecord> read = new ArrayList<>();
        for (String line : Files.readAllLines(LogFixtures.onlySegment(dir), StandardCharsets.UTF_8)) {
            read.add(RecordParser.parse(line));
        }

        assertThat(v.problem()).isEmpty();
        assertThat(v.records()).isEqualTo(3);
        assertThat(read.get(1).personal().get("page").value())
                .isEqualTo("https://example.com/\uFFFDa\uD83D\uDE00b\uFFFD"); // the pair is kept
        assertThat(read.get(1).personal().get("browser").value()).isEqualTo("x\uFFFD");
    }

    @Test
    void verify_editedByte_namesTheRecord() throws IOException {
        write(10, Optional.empty());
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        lines.set(4, lines.get(4).replace("\"custom\"", "\"accept\""));
        rewrite(segment, lines);

        Verification v = verify(Optional.empty());

        assertThat(v.problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(Verification.Kind.EDITED);
            assertThat(p.seq()).isEqualTo(5);
            assertThat(p.location()).isEqualTo(segment.getFileName() + ":5");
            assertThat(p.message()).isEqualTo("record 5 at " + segment.getFileName()
                    + ":5 was edited: its content does not match its hash");
        });
    }

    @Test
    void verify_editedPersonalValue_failsOnItsCommitment() throws IOException {
        write(3, Optional.empty());
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        lines.set(1, lines.get(1).replace("203.0.113.0", "198.51.100.0"));
        rewrite(segment, lines);

        assertThat(verify(Optional.empty()).problem()).hasValueSatisfying(p -> assertThat(p.message())
                .endsWith("was edited: its personal field 'ip' does not match its commitment"));
    }

    @Test
    void verify_deletedLine_isRemoved() throws IOException {
        write(10, Optional.empty());
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        lines.remove(3);
        rewrite(segment, lines);

        Verification v = verify(Optional.empty());

        assertThat(v.problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(Verification.Kind.REMOVED);
            assertThat(p.seq()).isEqualTo(4);
            assertThat(p.message()).isEqualTo("record 4 is missing before record 5 at " + segment.getFileName()
                    + ":4");
        });
    }

    @Test
    void verify_swappedLines_isReordered() throws IOException {
        write(10, Optional.empty());
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        Collections.swap(lines, 5, 6);
        rewrite(segment, lines);

        assertThat(verify(Optional.empty()).problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(Verification.Kind.REORDERED);
            assertThat(p.seq()).isEqualTo(7);
            assertThat(p.location()).isEqualTo(segment.getFileName() + ":6");
        });
    }

    @Test
    void verify_cutLastRecords_isTruncated() throws IOException {
        write(10, Optional.empty());
        Path segment = onlySegment(dir);
        rewrite(segment, lines(segment).subList(0, 7));

        assertThat(verify(Optional.empty()).problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(Verification.Kind.TRUNCATED);
            assertThat(p.message()).isEqualTo("the log of node local ends at record 7 but its head names record 10:"
                    + " records 8 to 10 were cut off");
        });
    }

    @Test
    void verify_insertedCopy_isInserted() throws IOException {
        write(6, Optional.empty());
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        lines.add(3, lines.get(3));

        rewrite(segment, lines);

        assertThat(verify(Optional.empty()).problem()).hasValueSatisfying(
                p -> assertThat(p.kind()).isIn(Verification.Kind.INSERTED, Verification.Kind.REORDERED));
    }

    @Test
    void verify_rehashedEditWithAuditKey_isUnsigned() throws IOException {
        write(5, Optional.of(LogFixtures.KEY));
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        // An attacker without the key edits record 5 and recomputes its hash.
        ConsentRecord r = parse(lines.get(4));
        ConsentRecord edited = new ConsentRecord(r.seq(), r.node(), r.timestamp(), r.consentId(), "reject-all",
                List.of("necessary"), r.refused(), r.policyRevision(), r.expiresAt(), r.policyHash(), r.language(),
                r.commitments(), r.personal(), r.prev(), r.hash(), r.mac());
        edited = new ConsentRecord(r.seq(), r.node(), r.timestamp(), r.consentId(), "reject-all",
                List.of("necessary"), r.refused(), r.policyRevision(), r.expiresAt(), r.policyHash(), r.language(),
                r.commitments(), r.personal(), r.prev(), RecordFormat.computeHash(edited), r.mac());
        lines.set(4, RecordFormat.toLine(edited));
        rewrite(segment, lines);

        // Without the key only the head gives the edit away; with it, the record's own MAC does.
        assertThat(verify(Optional.empty()).problem()).hasValueSatisfying(
                p -> assertThat(p.message()).endsWith("is not the one the head names: the end of the log was replaced"));
        assertThat(verify(Optional.of(LogFixtures.KEY)).problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(Verification.Kind.UNSIGNED);
            assertThat(p.seq()).isEqualTo(5);
        });
    }

    @Test
    void verify_redactedField_passesAndCountsRedacted() throws IOException {
        write(4, Optional.of(LogFixtures.KEY));
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        lines.set(1, RecordFormat.toLine(parse(lines.get(1)).redact(LogEntry.IP)));
        rewrite(segment, lines);

        Verification v = verify(Optional.of(LogFixtures.KEY));

        assertThat(v.problem()).isEmpty();
        assertThat(v.redacted()).isEqualTo(1);
        assertThat(lines(segment).get(1)).doesNotContain("203.0.113.0");
    }

    @Test
    void redact_consentId_erasesItsPersonalFieldsAndLogStillVerifies() throws IOException {
        try (FileConsentLog log = open(Optional.of(LogFixtures.KEY))) {
            for (int i = 1; i <= 5; i++) {
                log.append(entry(i));
            }
            java.util.UUID third = entry(3).consentId();

            assertThat(log.redact(third, java.util.Set.of())).isEqualTo(1);
            log.append(entry(6)); // the current segment is still appendable after its rewrite
        }

        String content = Files.readString(onlySegment(dir));
        assertThat(content).doesNotContain("https://example.com/page/3").contains("https://example.com/page/4");
        Verification v = verify(Optional.of(LogFixtures.KEY));
        assertThat(v.problem()).isEmpty();
        assertThat(v.redacted()).isEqualTo(1);
        assertThat(v.records()).isEqualTo(6);
    }

    @Test
    void open_tornLastLine_movesItAsideAndContinuesChain() throws IOException {
        write(5, Optional.empty());
        Path segment = onlySegment(dir);
        Files.writeString(segment, "{\"v\":1,\"seq\":6,\"node\":\"lo", StandardOpenOption.APPEND);

        try (FileConsentLog log = open(Optional.empty())) {
            assertThat(log.append(entry(6)).seq()).isEqualTo(6);
        }

        assertThat(verify(Optional.empty()).problem()).isEmpty();
        try (var files = Files.list(dir)) {
            List<Path> broken = files.filter(p -> p.toString().endsWith(".broken")).toList();
            assertThat(broken).hasSize(1);
            assertThat(Files.readString(broken.get(0))).isEqualTo("{\"v\":1,\"seq\":6,\"node\":\"lo");
        }
    }

    @Test
    void open_logThatDoesNotVerify_refusesToWrite() throws IOException {
        write(5, Optional.empty());
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        lines.remove(2);
        rewrite(segment, lines);

        assertThatThrownBy(() -> open(Optional.empty())).isInstanceOf(IOException.class)
                .hasMessageStartingWith("consent log " + dir + " does not verify, refusing to write to it: record 3"
                        + " is missing");
    }

    @Test
    void open_twice_secondIsRefused() throws IOException {
        try (FileConsentLog log = open(Optional.empty())) {
            assertThatThrownBy(() -> open(Optional.empty())).hasMessage("consent log " + dir
                    + " is already open for writing by another process");
        }
    }

    @Test
    void append_manyThreads_everyAcknowledgedRecordIsChainedOnce() throws Exception {
        List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (FileConsentLog log = open(Optional.of(LogFixtures.KEY))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int base = t * 100;
                futures.add(pool.submit(() -> {
                    for (int i = 1; i <= 100; i++) {
                        seqs.add(log.append(entry(base + i)).seq());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(seqs).hasSize(1600).doesNotHaveDuplicates();
        Verification v = verify(Optional.of(LogFixtures.KEY));
        assertThat(v.problem()).isEmpty();
        assertThat(v.records()).isEqualTo(1600);
    }

    @Test
    void keepAsync_dayRollsOverWhileBatchesAreInFlight_everyAcknowledgedRecordIsKeptAndTheLogVerifies()
            throws Exception {
        // The writer seals the next batch while the previous one syncs; a roll-over closes the segment that sync
        // may still be forcing. Every day change here falls amid a stream of batches.
        MutableClock clock = new MutableClock(Instant.parse("2026-11-01T12:00:00Z"));
        List<java.util.concurrent.CompletableFuture<ConsentRecord>> acked = new ArrayList<>();
        try (FileConsentLog log = FileConsentLog.builder(dir).clock(clock).auditKey(Optional.of(LogFixtures.KEY)).open()) {
            for (int day = 0; day < 4; day++) {
                for (int i = 0; i < 500; i++) {
                    acked.add(log.keepAsync(entry(day * 1_000 + i)));
                }
                clock.advanceDays(1);
            }
            for (int i = 0; i < 500; i++) {
                acked.add(log.keepAsync(entry(9_000 + i)));
            }
            java.util.concurrent.CompletableFuture.allOf(acked.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
        }

        List<Long> seqs = new ArrayList<>();
        for (var f : acked) {
            seqs.add(f.get().seq());
        }
        assertThat(seqs).doesNotHaveDuplicates().hasSize(2_500);
        assertThat(LogFiles.segments(dir)).hasSizeGreaterThan(1);
        Verification v = verify(Optional.of(LogFixtures.KEY));
        assertThat(v.problem()).isEmpty();
        assertThat(v.records()).isEqualTo(2_500);
    }

    @Test
    void redact_whileAppendsAreInFlight_keepsEveryAcknowledgedRecordAndTheLogVerifies() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
        int redacted = 0;
        try (FileConsentLog log = open(Optional.of(LogFixtures.KEY))) {
            for (int i = 0; i < 20; i++) {
                seqs.add(log.append(entry(i)).seq());
            }
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int base = 100 + t * 1_000;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        seqs.add(log.append(entry(base + i)).seq());
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 20; i++) {
                redacted += log.redact(entry(i).consentId(), java.util.Set.of());
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(redacted).isEqualTo(20);
        assertThat(seqs).hasSize(20 + 8 * 300).doesNotHaveDuplicates();
        Verification v = verify(Optional.of(LogFixtures.KEY));
        assertThat(v.problem()).isEmpty();
        assertThat(v.records()).isEqualTo(20 + 8 * 300);
        assertThat(v.redacted()).isEqualTo(20);
    }

    @Test
    void append_headCannotBeWritten_recordIsStillKeptAndAcknowledgedOnce() throws Exception {
        try (FileConsentLog log = open(Optional.empty())) {
            log.append(entry(1));
            // The head is written aside first; a directory in that place fails it, as a full disk would. The head
            // is written beside the acknowledgements, so the record stays durable and its caller is told so: a
            // spool in front does not keep it a second time.
            Path blocker = Files.createDirectory(dir.resolve(LogFiles.HEAD + ".tmp"));
            Files.createFile(blocker.resolve("keep"));

            assertThat(log.append(entry(2)).seq()).isEqualTo(2);

            Thread.sleep(300); // the head writer (100 ms after a batch) tries, and fails, meanwhile
            Files.delete(blocker.resolve("keep"));
            Files.delete(blocker);
            log.append(entry(3));
        }

        List<String> pages = new ArrayList<>();
        for (String line : lines(onlySegment(dir))) {
            pages.add(RecordFormat.parse(line).personal().get("page").value());
        }
        assertThat(pages).containsExactly("https://example.com/page/1", "https://example.com/page/2",
                "https://example.com/page/3");
        assertThat(LogFiles.readHead(dir.resolve(LogFiles.HEAD)).orElseThrow().seq()).isEqualTo(3);
        assertThat(verify(Optional.empty()).problem()).isEmpty();
    }

    @Test
    void retention_oldSegmentsRemoved_restStillVerifiesFromCheckpoint() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-01T12:00:00Z"));
        try (FileConsentLog log = FileConsentLog.builder(dir).clock(clock).retentionDays(3).open()) {
            for (int day = 0; day < 6; day++) {
                for (int i = 0; i < 3; i++) {
                    log.append(entry(day * 10 + i));
                }
                clock.advanceDays(1);
            }
        }

        assertThat(LogFiles.segments(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("consents-2026-11-03.jsonl", "consents-2026-11-04.jsonl", "consents-2026-11-05.jsonl",
                        "consents-2026-11-06.jsonl");
        Verification v = verify(Optional.empty());
        assertThat(v.problem()).isEmpty();
        assertThat(v.notes()).anySatisfy(n -> assertThat(n).contains("verifies from the checkpoint at record 6"));
    }

    @Test
    void verify_oneSegmentFile_checksItsOwnChain() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-01T12:00:00Z"));
        try (FileConsentLog log = FileConsentLog.builder(dir).clock(clock).open()) {
            log.append(entry(1));
            clock.advanceDays(1);
            log.append(entry(2));
            log.append(entry(3));
        }

        Verification v = ConsentLogSource.files(dir.resolve("consents-2026-11-02.jsonl")).verify(Optional.empty());

        assertThat(v.problem()).isEmpty();
        assertThat(v.records()).isEqualTo(2);
    }

    @Test
    void source_notALogDirectory_saysSo() {
        assertThatThrownBy(() -> ConsentLogSource.files(dir)).hasMessage(dir
                + " is not a consent log directory: it holds no consents-*.jsonl segment and no head.json");
    }

    @Test
    void verify_lineThatIsNotARecord_isMalformed() throws IOException {
        write(2, Optional.empty());
        Files.writeString(onlySegment(dir), "hello\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(verify(Optional.empty()).problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(Verification.Kind.MALFORMED);
            assertThat(p.message()).endsWith(":3 is not a consent record: not a JSON object");
        });
    }

    private static ConsentRecord parse(String line) {
        try {
            return RecordFormat.parse(line);
        } catch (MalformedRecordException e) {
            throw new AssertionError(e);
        }
    }
}
