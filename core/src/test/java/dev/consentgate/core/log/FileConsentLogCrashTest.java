package dev.consentgate.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer process killed with SIGKILL in the middle of a 10,000-record load loses nothing it acknowledged. */
class FileConsentLogCrashTest {

    @TempDir
    Path dir;

    @Test
    void killNine_duringLoad_everyAcknowledgedRecordSurvivesAndVerifies() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KillTestWriter.class.getName(), dir.toString(), "10000")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<String> acked = new HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                assertThat(line).doesNotStartWith("error");
                if (line.startsWith("ack ")) {
                    acked.add(line.substring(4));
                }
                if (acked.size() == 3_000) {
                    // SIGKILL: no shutdown hooks, no close(). Through the handle, so our end of stdout stays open.
                    child.toHandle().destroyForcibly();
                    break;
                }
            }
            // Lines the child printed before it died were acknowledged too.
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("ack ")) {
                    acked.add(line.substring(4));
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(acked).hasSizeGreaterThanOrEqualTo(3_000);

        // Reopening recovers (moving a torn line aside, if any) and the chain continues.
        try (FileConsentLog log = FileConsentLog.builder(dir).auditKey(Optional.of(LogFixtures.KEY)).open()) {
            log.append(LogFixtures.entry(99_999));
        }
        Set<String> present = new HashSet<>();
        ConsentLogSource.files(dir).scan((location, line) -> {
            try {
                present.add(RecordFormat.parse(line).consentId().toString());
            } catch (MalformedRecordException e) {
                throw new AssertionError(location + ": " + e.getMessage());
            }
        });
        assertThat(present).containsAll(acked);
        Verification v = ConsentLogSource.files(dir).verify(Optional.of(LogFixtures.KEY));
        assertThat(v.problem()).isEmpty();
        assertThat(v.records()).isEqualTo(present.size());
    }
}
