package dev.consentgate.core.log;

import java.io.BufferedReader;
import java.io.IOException;
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

    @Override
    public void scan(LineVisitor visitor) throws IOException {
        for (Path segment : segments) {
            String name = segment.getFileName().toString();
            try (BufferedReader in = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
                long n = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    n++;
                    visitor.visit(name + ":" + n, line);
                }
            }
        }
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
