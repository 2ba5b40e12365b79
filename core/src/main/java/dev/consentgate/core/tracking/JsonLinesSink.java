package dev.consentgate.core.tracking;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link TrackingSink#jsonLines}: one JSON object per line, appended. Thread-safe.
 *
 * <p>The file stays open between records (opening and closing it for each one cost more than the rest of the
 * request's tracking), and requests never wait for each other: each queues its line, and whichever request finds
 * the file free writes every queued line in one {@code O_APPEND} write (flat combining). With request threads
 * contending for the file under load, the one holding it was descheduled and the others piled up behind it. Lines
 * never interleave. At most once a second the sink checks that the path still names the open file, and reopens it
 * when it was moved away or deleted (log rotation).
 */
final class JsonLinesSink implements TrackingSink {

    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private static final int BATCH_BYTES = 64 * 1024;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Path file;
    private final Queue<byte[]> queued = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();
    private final ByteBuffer buffer = ByteBuffer.allocate(BATCH_BYTES); // guarded by writing
    private FileChannel out; // guarded by writing
    private Object fileKey; // guarded by writing
    private long checkedAt; // guarded by writing

    JsonLinesSink(Path file) {
        this.file = file;
    }

    @Override
    public void write(TrackingRecord record) throws IOException {
        queued.add(line(record));
        // Checked again after each unlock: a line queued while another thread held the lock is written by that
        // thread's next round, since its queue check comes after its unlock.
        while (!queued.isEmpty() && writing.tryLock()) {
            try {
                writeQueued();
            } finally {
                writing.unlock();
            }
        }
    }

    /**
     * The record as one line of JSON: {@link TrackingRecord#fields()} in its order, as Jackson would write that map,
     * written by hand because this runs for every tracked request and the map plus Jackson took ~5 µs of a page
     * view's CPU in the demo's profile. Every control character is escaped, so a line is always exactly one record.
     */
    static byte[] line(TrackingRecord record) {
        StringBuilder json = new StringBuilder(256).append("{\"time\":\"").append(record.time()).append('"');
        field(json, "method", record.method());
        record.route().ifPresent(r -> field(json, "route", r));
        json.append(",\"status\":").append(record.status());
        json.append(",\"latencyMs\":").append(record.latency().toNanos() / 1_000 / 1_000.0);
        record.ip().ifPresent(v -> field(json, TrackingField.IP.jsonName(), v));
        record.browser().ifPresent(v -> field(json, TrackingField.BROWSER.jsonName(), v));
        record.referrer().ifPresent(v -> field(json, TrackingField.REFERRER.jsonName(), v));
        record.path().ifPresent(v -> field(json, TrackingField.PATH.jsonName(), v));
        if (!record.adParams().isEmpty()) {
            json.append(",\"").append(TrackingField.AD_PARAMS.jsonName()).append("\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : record.adParams().entrySet()) {
                string(json.append(first ? "" : ","), e.getKey()).append(':');
                string(json, e.getValue());
                first = false;
            }
            json.append('}');
        }
        return json.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder json, String name, String value) {
        string(json.append(",\"").append(name).append("\":"), value);
    }

    /**
     * A JSON string: quote and backslash escaped, control characters as six-character Unicode escapes (a record has
     * none, but a line must stay one line whatever it holds), the rest as is, as Jackson writes it.
     */
    private static StringBuilder string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                json.append(c);
            }
        }
        return json.append('"');
    }

    /** Writes what is queued, in one write where it fits the buffer. Holds {@link #writing}. */
    private void writeQueued() throws IOException {
        ByteBuffer batch = buffer;
        batch.clear();
        for (byte[] next = queued.poll(); next != null; next = queued.poll()) {
            if (next.length > batch.remaining()) {
                flush(batch);
                if (next.length > batch.capacity()) {
                    writeFully(ByteBuffer.wrap(next));
                    continue;
                }
            }
            batch.put(next);
        }
        flush(batch);
    }

    private void flush(ByteBuffer batch) throws IOException {
        batch.flip();
        try {
            writeFully(batch);
        } finally {
            batch.clear();
        }
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        if (!bytes.hasRemaining()) {
            return;
        }
        FileChannel channel = channel();
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            closeQuietly();
            throw e;
        }
    }

    private FileChannel channel() throws IOException {
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
