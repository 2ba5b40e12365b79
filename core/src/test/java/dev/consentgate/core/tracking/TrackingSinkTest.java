package dev.consentgate.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackingSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static TrackingRecord record(String path, Map<String, String> adParams) {
        return new TrackingRecord(Instant.parse("2026-03-01T10:15:30Z"), "GET", Optional.of("/"), 200,
                Duration.ofMillis(3), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(path),
                adParams);
    }

    @Test
    void jsonLines_records_oneObjectPerLineAppended() throws IOException {
        Path file = dir.resolve("tracking.jsonl");
        TrackingSink sink = TrackingSink.jsonLines(file);

        sink.write(record("/a", Map.of()));
        sink.write(record("/b", Map.of("utm_source", "x\"}\\{")));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("{\"time\":\"2026-03-01T10:15:30Z\",\"method\":\"GET\",\"route\":\"/\","
                + "\"status\":200,\"latencyMs\":3.0,\"path\":\"/a\"}");
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.get("adParams").get("utm_source").asText()).isEqualTo("x\"}\\{");
    }

    @Test
    void jsonLines_concurrentWriters_neverInterleaveLines() throws Exception {
        Path file = dir.resolve("tracking.jsonl");
        TrackingSink sink = TrackingSink.jsonLines(file);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                String path = "/" + "t".repeat(t + 1) + "x".repeat(400);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        sink.write(record(path, Map.of()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(400);
        for (String line : lines) {
            assertThat(JSON.readTree(line).get("path").asText()).endsWith("x".repeat(400));
        }
    }

    @Test
    void jsonLines_fileMovedAway_nextRecordsGoToANewFileAtThePath() throws Exception {
        Path file = dir.resolve("tracking.jsonl");
        Path rotated = dir.resolve("tracking.jsonl.1");
        TrackingSink sink = TrackingSink.jsonLines(file);
        sink.write(record("/before", Map.of()));

        Files.move(file, rotated);
        Thread.sleep(1_100); // the sink looks at the path at most once a second
        sink.write(record("/after", Map.of()));
        sink.write(record("/after-again", Map.of()));

        assertThat(Files.readAllLines(rotated)).singleElement().satisfies(l -> assertThat(l).contains("/before"));
        assertThat(Files.readAllLines(file)).hasSize(2).allSatisfy(l -> assertThat(l).contains("/after"));
    }

    @Test
    void jsonLines_fileDeleted_isCreatedAgain() throws Exception {
        Path file = dir.resolve("tracking.jsonl");
        TrackingSink sink = TrackingSink.jsonLines(file);
        sink.write(record("/before", Map.of()));

        Files.delete(file);
        Thread.sleep(1_100);
        sink.write(record("/after", Map.of()));

        assertThat(Files.readAllLines(file)).singleElement().satisfies(l -> assertThat(l).contains("/after"));
    }

    @Test
    void jsonLines_lineLongerThanTheBatchBuffer_isWrittenWhole() throws IOException {
        Path file = dir.resolve("tracking.jsonl");
        TrackingSink sink = TrackingSink.jsonLines(file);
        Map<String, String> big = new java.util.TreeMap<>();
        for (int i = 0; i < 300; i++) {
            big.put("utm_p" + i, "v".repeat(256));
        }

        sink.write(record("/a", Map.of()));
        sink.write(record("/big", big));
        sink.write(record("/c", Map.of()));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(JSON.readTree(lines.get(1)).get("adParams").size()).isEqualTo(300);
        assertThat(lines.get(1).length()).isGreaterThan(64 * 1024);
    }

    @Test
    void jsonLines_missingDirectory_throwsIoException() {
        TrackingSink sink = TrackingSink.jsonLines(dir.resolve("missing/tracking.jsonl"));

        assertThatThrownBy(() -> sink.write(record("/a", Map.of())))
                .isInstanceOf(IOException.class);
    }

    @Test
    void slf4j_record_isWrittenWithoutThrowing() throws IOException {
        TrackingSink.slf4j().write(record("/a", Map.of("utm_source", "x")));

        assertThat(TrackingSink.slf4j()).hasToString("TrackingSink.slf4j()");
    }
}
