package dev.consentgate.core.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the file store's {@code head.json} after each durable batch, on a thread of its own, keeping only the
 * newest head when several batches were made durable within 100 ms. Thread-safe.
 *
 * <p>Why not in the writer: writing a file aside and renaming it over the head takes 0.4 ms and more on these
 * disks, about as long as the {@code fdatasync} it followed, so it halved the rate of batches. The head was never
 * forced anyway (after a power loss it may trail the log, which verify reports as a note and the next open
 * repairs), so it need not hold up an acknowledgement either: every head written names a durable record.
 */
final class HeadWriter {

    private static final Logger log = LoggerFactory.getLogger(HeadWriter.class);

    /**
     * How long a posted head waits for newer ones. Renaming a file over the head is a metadata change that the next
     * {@code fdatasync} of the segment must commit to the ext4 journal along with the new file's data: written every
     * 10 ms it made one sync in five take 3 ms or more here and halved the rate of batches; every 100 ms the syncs'
     * tail is as without a head. The head may trail the log by this much, which it may anyway after a crash.
     */
    private static final long COALESCE_MILLIS = 100;

    private final Path file;
    private final AtomicReference<ChainHead> latest = new AtomicReference<>();
    private final ExecutorService thread;
    /** Wakes a waiting write at once on close, so that closing takes no {@link #COALESCE_MILLIS}. */
    private final Object wake = new Object();
    private volatile boolean closing;

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
                    awaitNewer();
                    write();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed: only a writer that outlived close() gets here, and close() wrote what it had
            }
        }
    }

    private void awaitNewer() {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(COALESCE_MILLIS);
        synchronized (wake) {
            for (long left = until - System.nanoTime(); !closing && left > 0; left = until - System.nanoTime()) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(wake, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
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
        closing = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        write();
    }
}
