package dev.consentgate.core.tracking;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where tracking records go. The filter calls {@link #write} once per recorded request, after the response is
 * complete, on the container's thread; a sink that throws is logged (at most once a minute at WARN) and the
 * request goes on, since losing a tracking record harms no one.
 *
 * <p>Implementations must be thread-safe and should be quick: the container thread waits for them.
 */
@FunctionalInterface
public interface TrackingSink {

    /** Keeps one record. */
    void write(TrackingRecord record) throws IOException;

    /**
     * Writes each record at INFO to the SLF4J logger {@code consentgate.tracking} with the message
     * {@code tracking record} and each present field of {@link TrackingRecord#fields()} as an SLF4J 2 key-value
     * pair, so a JSON encoder (logstash-logback-encoder, Log4j's JSON template layout) renders them as fields.
     * Backends that ignore key-values print the message alone; for those, use {@link #jsonLines} or a sink of
     * your own. The default sink.
     */
    static TrackingSink slf4j() {
        return new Slf4jSink();
    }

    /**
     * Appends each record to {@code file} as one JSON object per line (JSON Lines), creating the file when
     * missing. Each line is appended with one {@code O_APPEND} write, so lines from concurrent requests never
     * interleave; the file stays open, and is reopened within a second when it is moved away or deleted, so
     * rotating it by moving it is safe. It is not forced to disk. Suits a demo or modest traffic; at scale, prefer
     * {@link #slf4j()} with a JSON encoder and asynchronous appender.
     */
    static TrackingSink jsonLines(Path file) {
        return new JsonLinesSink(requireNonNull(file, "file"));
    }
}
