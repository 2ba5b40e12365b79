package dev.consentgate.core.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * {@link TrackingSink#jsonLines}: one JSON object per line, appended. Thread-safe.
 *
 * <p>The file stays open between records (opening and closing it for each one cost more than the rest of the
 * request's tracking); every line is still one {@code O_APPEND} write, so concurrent lines never interleave. At
 * most once a second it checks that the path still names the open file, and reopens it when it was moved away or
 * deleted (log rotation).
 */
final class JsonLinesSink implements TrackingSink {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private final Path file;
    private FileChannel out; // guarded by this
    private Object fileKey; // guarded by this
    private long checkedAt; // guarded by this

    JsonLinesSink(Path file) {
        this.file = file;
    }

    @Override
    public void write(TrackingRecord record) throws IOException {
        // Jackson escapes every control character in strings, so a line is always exactly one record.
        byte[] json = JSON.writeValueAsBytes(record.fields());
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        FileChannel channel = channel();
        try {
            try {
                channel.write(line);
            } catch (java.nio.channels.ClosedChannelException e) {
                channel = channel(); // another thread reopened it after a rotation, before this line got out
                channel.write(line);
            }
            while (line.hasRemaining()) {
                channel.write(line);
            }
        } catch (IOException e) {
            synchronized (this) {
                if (out == channel) {
                    closeQuietly();
                }
            }
            throw e;
        }
    }

    private synchronized FileChannel channel() throws IOException {
        long now = System.nanoTime();
        if (out != null && now - checkedAt >= CHECK_EVERY_NANOS) {
            checkedAt = now;
            if (!Objects.equals(fileKey, currentKey())) {
                closeQuietly(); // rotated or deleted: start a new file at the path
            }
        }
        if (out == null || !out.isOpen()) {
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            fileKey = currentKey();
            checkedAt = now;
        }
        return out;
    }

    private Object currentKey() throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void closeQuietly() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            // nothing was lost: every line was written before
        }
        out = null;
    }

    @Override
    public String toString() {
        return "TrackingSink.jsonLines(" + file + ")";
    }
}
