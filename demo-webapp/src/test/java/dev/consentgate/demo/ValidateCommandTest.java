package dev.consentgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void run_validFile_printsValidAndExitsZero() throws IOException {
        Path file = Files.writeString(dir.resolve("ok.json"), "{\"catalog\": true}");
        assertThat(run("--validate", file.toString())).isZero();
        assertThat(out()).isEqualTo(file + ": valid\n");
    }

    @Test
    void run_invalidFile_printsProblemWithPathAndExitsOne() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"maxExpiryHeaders\": 999}");
        assertThat(run("--validate", file.toString())).isEqualTo(1);
        assertThat(out()).isEqualTo(file
                + ": $.maxExpiryHeaders: maxExpiryHeaders must be between 0 and 200, got 999\n");
    }

    @Test
    void run_severalProblems_printsEachWithItsPath() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), """
                {"revision": 0, "maxExpiryHeaders": 999, "colour": "blue",
                 "categories": [{"id": "analytics", "title": "A", "description": "D",
                                 "cookies": {"patterns": ["_ga(", "_gid"]}}]}
                """);

        assertThat(run("--validate", file.toString())).isEqualTo(1);

        java.util.List<String> lines = out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith(file + ": $.colour: unknown key 'colour', expected one of [");
        assertThat(lines.get(1)).isEqualTo(file + ": $.revision: revision must be at least 1, got 0");
        assertThat(lines.get(2)).startsWith(file + ": $.categories[0].cookies.patterns[0]: invalid regular expression");
        assertThat(lines.get(3)).isEqualTo(file
                + ": $.maxExpiryHeaders: maxExpiryHeaders must be between 0 and 200, got 999");
    }

    @Test
    void remove_paths_removeTheNamedMember() throws IOException {
        com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"a\": [{\"b c\": 1, \"d\": 2}], \"e\": 3}");

        assertThat(ValidateCommand.remove(tree, "$.a[0]['b c']")).isTrue();
        assertThat(ValidateCommand.remove(tree, "$.e")).isTrue();
        assertThat(ValidateCommand.remove(tree, "$.nope")).isFalse();
        assertThat(ValidateCommand.remove(tree, "$")).isFalse();
        assertThat(tree.toString()).isEqualTo("{\"a\":[{\"d\":2}]}");
    }

    @Test
    void run_missingFile_exitsOne() {
        Path file = dir.resolve("missing.json");
        assertThat(run("--validate", file.toString())).isEqualTo(1);
        assertThat(out()).isEqualTo(file + ": cannot read configuration: no such file\n");
    }

    @Test
    void run_wrongArguments_printsUsageAndExitsTwo() {
        assertThat(run("--validate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(ValidateCommand.USAGE + "\n");
        assertThat(run("--validate", "a", "b")).isEqualTo(2);
    }

    @Test
    void main_validateBundledConfiguration_isValid() throws IOException {
        Path bundled = Path.of("src/main/resources", DemoServer.BUNDLED_CONFIG);
        assertThat(run("--validate", bundled.toString())).isZero();
    }

    private int run(String... args) {
        return ValidateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
