package dev.consentgate.demo;

import dev.consentgate.core.consent.SigningKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's signing keys: {@value SigningKeys#ENVIRONMENT_VARIABLE} when set, otherwise a random key kept in
 * {@code <data-dir>/consent-secret} (created on first start, readable by the owner only) so that consent survives
 * restarts.
 */
final class DemoSecret {

    static final String FILE = "consent-secret";

    private DemoSecret() {
    }

    static SigningKeys load(Path dataDir, Map<String, String> environment) throws IOException {
        Optional<SigningKeys> fromEnv = SigningKeys.fromEnvironment(environment);
        if (fromEnv.isPresent()) {
            return fromEnv.get();
        }
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            String spec = SigningKeys.format(SigningKeys.generate("demo", new SecureRandom())) + "\n";
            try {
                Files.writeString(createOwnerOnly(file), spec, StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException raced) {
                // another demo process created it first: use theirs
            }
        }
        try {
            return SigningKeys.parse(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Created readable by the owner only from the start, so the secret is never briefly world-readable. */
    private static Path createOwnerOnly(Path file) throws IOException {
        try {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createFile(file); // Windows: the file inherits the directory's ACL
        }
    }
}
