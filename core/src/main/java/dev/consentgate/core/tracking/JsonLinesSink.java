package dev.consentgate.core.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@link TrackingSink#jsonLines}: one JSON object per line, appended. Thread-safe. */
final class JsonLinesSink implements TrackingSink {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path file;

    JsonLinesSink(Path file) {
        this.file = file;
    }

    @Override
    public void write(TrackingRecord record) throws IOException {
        // Jackson escapes every control character in strings, so a line is always exactly one record.
        byte[] json = JSON.writeValueAsBytes(record.fields());
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        synchronized (this) {
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                while (line.hasRemaining()) {
                    out.write(line);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "TrackingSink.jsonLines(" + file + ")";
    }
}
