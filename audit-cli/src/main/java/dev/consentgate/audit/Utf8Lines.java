package dev.consentgate.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the line that is not UTF-8 text in a file store's log. The store's reader decodes ahead of the line it
 * hands out, so when it fails on a bad byte it cannot say which line holds it; this reads the files again, line by
 * line, to name it as {@code file:line}.
 */
final class Utf8Lines {

    private Utf8Lines() {
    }

    /** The first line of the log at {@code location} that is not UTF-8, as {@code file:line}, if it can be found. */
    static Optional<String> firstBadLine(String location) {
        if (location.startsWith("jdbc:")) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(location);
            for (Path file : files(path)) {
                Optional<String> bad = firstBadLine(file);
                if (bad.isPresent()) {
                    return bad;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the caller reports the bad byte without its position
        }
        return Optional.empty();
    }

    /** The segments the file store reads, in its order: {@code consents-YYYY-MM-DD.jsonl}, oldest first. */
    private static List<Path> files(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(p -> p.getFileName().toString().matches("consents-\\d{4}-\\d{2}-\\d{2}\\.jsonl"))
                    .sorted().toList();
        }
    }

    private static Optional<String> firstBadLine(Path file) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        long n = 1;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b < 0) {
                    try {
                        utf8.decode(ByteBuffer.wrap(line.toByteArray()));
                    } catch (CharacterCodingException e) {
                        return Optional.of(file.getFileName() + ":" + n);
                    }
                    if (b < 0) {
                        return Optional.empty();
                    }
                    line.reset();
                    n++;
                } else {
                    line.write(b);
                }
            }
        }
    }
}
