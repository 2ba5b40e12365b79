package dev.consentgate.demo;

import dev.consentgate.core.consent.SigningKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

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
        String fromEnv = environment.get(SigningKeys.ENVIRONMENT_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return SigningKeys.parse(fromEnv);
        }
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String spec = "demo:" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n";
            try {
                Files.writeString(Files.createFile(file), spec, StandardCharsets.US_ASCII);
                restrict(file);
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

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file keeps the directory's permissions
        }
    }
}
