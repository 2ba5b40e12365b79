package dev.consentgate.audit;

import static dev.consentgate.audit.AuditFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.audit.AuditFixtures.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditCliTest {

    @TempDir
    Path dir;

    @Test
    void run_noArguments_usageOnStderrExitsTwo() {
        Result r = run();

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(AuditCli.USAGE_TEXT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void run_help_usageOnStdoutExitsZero(String help) {
        Result r = run(help);

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(AuditCli.USAGE_TEXT).startsWith("usage: java -jar consentgate-audit.jar");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void run_commandHelp_usageOnStdoutExitsZero() {
        Result r = run("export", "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(AuditCli.USAGE_TEXT);
    }

    @Test
    void run_usageText_fitsEightyColumns() {
        assertThat(AuditCli.USAGE_TEXT.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void run_unknownCommand_exitsTwo() {
        Result r = run("check", dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: unknown command 'check': expected verify, show, export or stats\n"
                + "run with --help for usage\n");
    }

    @Test
    void run_optionACommandDoesNotTake_exitsTwo() {
        Result r = run("verify", dir.toString(), "--from", "2026-11-25");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: unknown option '--from' for verify: it takes none\n");
    }

    @Test
    void run_extraArgument_exitsTwo() {
        Result r = run("verify", dir.toString(), "other");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: unexpected argument 'other' for verify\n");
    }

    @Test
    void run_optionWithoutValue_exitsTwo() {
        Result r = run("stats", dir.toString(), "--chart");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --chart needs a value: an SVG file to draw\n");
    }

    @Test
    void run_optionTwice_exitsTwo() {
        Result r = run("stats", dir.toString(), "--from", "2026-11-25", "--from=2026-11-26");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --from is given twice\n");
    }

    @Test
    void run_singleDashOption_isUnknown() {
        Result r = run("verify", "-v", dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: unknown option '-v' for verify: it takes none\n");
    }

    @Test
    void run_emptyLocation_exitsTwo() {
        Result r = run("verify", "");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: the log's location must not be empty\n");
    }

    @Test
    void run_pathWithNul_exitsTwoWithoutStackTrace() {
        Result r = run("verify", "a\u0000b");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: 'a\\u0000b' is not a valid path: Nul character not allowed\n");
    }
}
