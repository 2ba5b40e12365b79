package dev.consentgate.core.log;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the file store's directory (or one segment of it) for the auditor's tools. */
final class FileLogSource implements ConsentLogSource {

    private final Path dir;
    private final List<Path> segments;
    private final boolean wholeLog;

    private FileLogSource(Path dir, List<Path> segments, boolean wholeLog) {
        this.dir = dir;
        this.segments = segments;
        this.wholeLog = wholeLog;
    }

    static FileLogSource open(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            List<Path> segments = LogFiles.segments(location);
            if (segments.isEmpty() && !Files.exists(location.resolve(LogFiles.HEAD))) {
                throw new IOException(location + " is not a consent log directory: it holds no consents-*.jsonl"
                        + " segment and no " + LogFiles.HEAD);
            }
            return new FileLogSource(location, segments, true);
        }
        if (!Files.exists(location)) {
            throw new NoSuchFileException(location.toString(), null, "no such file or directory");
        }
        return new FileLogSource(location.toAbsolutePath().getParent(), List.of(location), false);
    }

    @Override
    public boolean partial() {
        return !wholeLog;
    }

    /**
     * Visits each line that ends in a line break. A last line without one is being written right now, or was torn
     * by a crash (the writer moves it aside when it next opens); either way it is not a record yet, and is skipped.
     * Bytes that are not UTF-8 become U+FFFD: the line then fails to parse or to match its hash, and the verifier
     * names it, instead of the whole read failing without a location.
     */
    @Override
    public void scan(LineVisitor visitor) throws IOException {
        // new String(…, UTF_8) replaces malformed input and has a fast path for ASCII
        scanBytes((prefix, number, buffer, from, to) -> visitor.visit(prefix + number,
                new String(buffer, from, to - from, StandardCharsets.UTF_8)));
    }

    /** Receives each line's bytes {@code buffer[from, to)}, valid only during the call, and where it is. */
    @FunctionalInterface
    interface ByteLineVisitor {
        void visit(String prefix, long number, byte[] buffer, int from, int to) throws IOException;
    }

    /**
     * {@link #scan} without decoding the lines or building their locations ({@code prefix + number}): verify leaves
     * both to its workers, so the reading thread, which all of them wait on, does as little as it can.
     */
    void scanBytes(ByteLineVisitor visitor) throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (Path segment : segments) {
            String name = segment.getFileName().toString() + ":";
            try (InputStream in = Files.newInputStream(segment)) {
                long n = 0;
                int kept = 0; // bytes of an unfinished line at the start of the buffer
                for (int read = in.read(buffer, kept, buffer.length - kept); read >= 0;
                        read = in.read(buffer, kept, buffer.length - kept)) {
                    int end = kept + read;
                    int start = 0;
                    for (int i = newline(buffer, kept, end); i < end; i = newline(buffer, i + 1, end)) {
                        visitor.visit(name, ++n, buffer, start, i);
                        start = i + 1;
                    }
                    kept = end - start;
                    if (start > 0) {
                        System.arraycopy(buffer, start, buffer, 0, kept);
                    } else if (kept == buffer.length) {
                        buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2); // a line longer than the buffer
                    }
                }
            }
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;

    /**
     * The first line break in {@code b[from, end)}, or {@code end}; eight bytes at a time, since the reading thread,
     * which verify's workers all wait on, spends most of its time looking for line breaks.
     */
    static int newline(byte[] b, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES; // a zero byte where a line break was
            long zeros = (x - ONES) & ~x & (ONES << 7);
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return end;
    }

    /** A single segment has no head of its own to check against; the whole directory does. */
    @Override
    public Map<String, ChainHead> heads() throws IOException {
        Map<String, ChainHead> heads = new HashMap<>();
        if (wholeLog) {
            LogFiles.readHead(dir.resolve(LogFiles.HEAD)).ifPresent(h -> heads.put(h.node(), h));
        }
        return heads;
    }

    @Override
    public Map<String, ChainHead> checkpoints() throws IOException {
        Map<String, ChainHead> checkpoints = new HashMap<>();
        if (wholeLog) {
            LogFiles.readHead(dir.resolve(LogFiles.CHECKPOINT)).ifPresent(h -> checkpoints.put(h.node(), h));
        }
        return checkpoints;
    }
}
