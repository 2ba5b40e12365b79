package dev.consentgate.core.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Names and small files of the file store's directory: day segments, the head and the checkpoint. */
final class LogFiles {

    static final String HEAD = "head.json";
    static final String CHECKPOINT = "checkpoint.json";
    static final String LOCK = "writer.lock";
    private static final Pattern SEGMENT = Pattern.compile("consents-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");
    private static final ObjectMapper JSON = new ObjectMapper();

    private LogFiles() {
    }

    static String segmentName(LocalDate day) {
        return "consents-" + day + ".jsonl";
    }

    static Optional<LocalDate> dayOf(Path segment) {
        Matcher m = SEGMENT.matcher(segment.getFileName().toString());
        return m.matches() ? Optional.of(LocalDate.parse(m.group(1))) : Optional.empty();
    }

    /** The day segments in {@code dir}, oldest first. */
    static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(p -> dayOf(p).isPresent()).sorted().toList());
        }
    }

    static Optional<ChainHead> readHead(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.path("node").isTextual() || !n.path("seq").canConvertToLong()
                    || !n.path("hash").isTextual()) {
                throw new IOException(file + " is not a consent log head");
            }
            return Optional.of(new ChainHead(n.get("node").textValue(), n.get("seq").longValue(),
                    n.get("hash").textValue(), n.path("mac").isTextual() ? Optional.of(n.get("mac").textValue())
                            : Optional.empty()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + " is not a consent log head", e);
        }
    }

    /**
     * Replaces {@code file} with {@code head} atomically (write aside, rename), so a crash leaves the old head or the
     * new one, never half of one. {@code durable} also forces it to disk.
     */
    static void writeHead(Path file, ChainHead head, boolean durable) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("node", head.node());
        n.put("seq", head.seq());
        n.put("hash", head.hash());
        head.mac().ifPresent(m -> n.put("mac", m));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] bytes = (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            if (durable) {
                ch.force(true);
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (durable) {
            syncDirectory(file.getParent());
        }
    }

    /** Makes a created or renamed file's directory entry durable (POSIX needs an fsync of the directory). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory; their rename is durable by other means.
        }
    }
}
