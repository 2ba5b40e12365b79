package dev.consentgate.audit;

import static dev.consentgate.audit.AuditFixtures.KEY;
import static dev.consentgate.audit.AuditFixtures.KEY_ENV;
import static dev.consentgate.audit.AuditFixtures.START;
import static dev.consentgate.audit.AuditFixtures.entry;
import static dev.consentgate.audit.AuditFixtures.id;
import static dev.consentgate.audit.AuditFixtures.lines;
import static dev.consentgate.audit.AuditFixtures.onlySegment;
import static dev.consentgate.audit.AuditFixtures.rewrite;
import static dev.consentgate.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.audit.AuditFixtures.Result;
import dev.consentgate.core.log.AuditKey;
import dev.consentgate.core.log.LogEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded jar as an auditor would: {@code java -jar consentgate-audit.jar …} in its own process. */
class AuditJarIT {

    private static final Path JAR = Path.of(System.getProperty("consentgate.audit.jar",
            "target/consentgate-audit.jar"));

    @TempDir
    Path dir;

    private static Result java(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove(AuditKey.ENVIRONMENT_VARIABLE);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the jar did not finish within 60 s");
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void jarVerify_intactLogWithKey_exitsZeroAndPrintsOnlyTheSummary() throws Exception {
        write(dir, 5, Optional.of(KEY));

        Result r = java(KEY_ENV, "verify", dir.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("consent log: " + dir + "\nresult: intact\nrecords: 5\n"
                + "node local: last record 5\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jarVerify_deletedLine_exitsOneNamingIt() throws Exception {
        write(dir, 5, Optional.of(KEY));
        Path segment = onlySegment(dir);
        List<String> lines = lines(segment);
        lines.remove(1);
        rewrite(segment, lines);

        Result r = java(KEY_ENV, "verify", dir.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("problem: record 2 is missing before record 3 at " + segment.getFileName()
                + ":2\n");
    }

    @Test
    void jarVerify_missingLog_exitsTwoWithOneLineAndNoStackTrace() throws Exception {
        Result r = java(Map.of(), "verify", dir.resolve("nope").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: " + dir.resolve("nope") + ": no such file or directory\n");
    }

    @Test
    void jarExport_nonAsciiValue_isUtf8OnStdout() throws Exception {
        write(dir, List.of(entry(START, id(1), "custom", Set.of("necessary"), Set.of(),
                Map.of(LogEntry.PAGE, "https://example.com/café/日本"))), Optional.empty());

        Result r = java(Map.of(), "export", dir.toString(), "--format", "json");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"page\":\"https://example.com/café/日本\"");
    }

    @Test
    void jarHelp_exitsZeroWithUsage() throws Exception {
        Result r = java(Map.of(), "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(AuditCli.USAGE_TEXT);
    }
}
