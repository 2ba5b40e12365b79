package dev.consentgate.core.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Open Cookie Database CSV kept beside the repository in {@code ../shared/data/} (never copied into it). Tests
 * that need it are skipped without it, except under {@code CI=true}, where they fail.
 */
final class SharedData {

    private SharedData() {
    }

    static Path openCookieDatabase() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(".ci"))) {
            dir = dir.getParent();
        }
        Path file = dir == null ? null : dir.resolve("../shared/data/open-cookie-database.csv").normalize();
        if (file == null || !Files.isRegularFile(file)) {
            String missing = "the Open Cookie Database CSV is needed at <repository>/../shared/data/"
                    + "open-cookie-database.csv";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(missing);
            }
            Assumptions.abort(missing);
        }
        return file;
    }
}
