package dev.consentgate.core.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the file store's {@code head.json} after each durable batch, on a thread of its own, keeping only the
 * newest head when several batches were made durable within 10 ms. Thread-safe.
 *
 * <p>Why not in the writer: writing a file aside and renaming it over the head takes 0.4 ms and more on these
 * disks, about as long as the {@code fdatasync} it followed, so it halved the rate of batches. The head was never
 * forced anyway (after a power loss it may trail the log, which verify reports as a note and the next open
 * repairs), so it need not hold up an acknowledgement either: every head written names a durable record.
 */
final class HeadWriter {

    private static final Logger log = LoggerFactory.getLogger(HeadWriter.class);

    /**
     * How long a posted head waits for newer ones: renaming a file over the head costs ~0.5 ms of kernel time here,
     * which once per batch was 4–7 µs per record.
     */
    private static final long COALESCE_NANOS = 10_000_000;

    private final Path file;
    private final AtomicReference<ChainHead> latest = new AtomicReference<>();
    private final ExecutorService thread;

    HeadWriter(Path file, String node) {
        this.file = file;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "consentgate-log-head-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    /** Writes {@code head} soon, unless a newer one comes first. {@code head} must name a durable record. */
    void post(ChainHead head) {
        if (latest.getAndSet(head) == null) {
            try {
                thread.execute(() -> {
                    LockSupport.parkNanos(COALESCE_NANOS);
                    write();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed: only a writer that outlived close() gets here, and close() wrote what it had
            }
        }
    }

    private void write() {
        ChainHead head = latest.getAndSet(null);
        if (head == null) {
            return;
        }
        try {
            LogFiles.writeHead(file, head, false);
        } catch (IOException e) {
            // The records are durable; a head that trails the log is reported by verify and repaired on open.
            log.warn("consent log {}: could not update the head to record {}: {}", file.getParent(), head.seq(),
                    e.toString());
        }
    }

    /** Writes the last head posted, then stops. */
    void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        write();
    }
}
