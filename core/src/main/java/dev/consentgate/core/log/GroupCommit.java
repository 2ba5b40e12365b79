package dev.consentgate.core.log;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Group commit for a consent log store: callers queue entries and wait; one writer thread takes up to
 * {@code maxBatch} of them at a time and makes them durable together. A caller that stops waiting (its
 * {@code ackTimeout} passed) is skipped by the writer if it has not got to it yet. Thread-safe.
 */
final class GroupCommit {

    /** One caller's entry and what it waits on; the writer completes it with the record, or fails it. */
    record Pending(Chain.Prepared entry, CompletableFuture<ConsentRecord> done) {
    }

    /** Makes a batch durable and completes (or fails) each of its entries. Runs on the writer thread only. */
    @FunctionalInterface
    interface Writer {
        void write(List<Pending> batch);
    }

    /** Tells the writer to stop after what is queued before it. */
    private static final Pending STOP = new Pending(null, new CompletableFuture<>());

    private final String node;
    private final int maxBatch;
    private final Duration ackTimeout;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(4_096);
    private final Writer writer;
    private final Runnable stopped;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param stopped runs on the writer thread when it ends, to release what it holds
     */
    GroupCommit(String node, int maxBatch, Duration ackTimeout, Writer writer, Runnable stopped) {
        this.node = node;
        this.maxBatch = maxBatch;
        this.ackTimeout = ackTimeout;
        this.writer = writer;
        this.stopped = stopped;
        this.thread = new Thread(this::loop, "consentgate-log-writer-" + node);
        this.thread.setDaemon(true);
    }

    /** The stores' shared builder checks, so both name their settings alike. */
    static int checkMaxBatch(int maxBatch) {
        if (maxBatch < 1 || maxBatch > 4_096) {
            throw new IllegalArgumentException("maxBatch must be between 1 and 4096, got " + maxBatch);
        }
        return maxBatch;
    }

    static Duration checkAckTimeout(Duration timeout) {
        java.util.Objects.requireNonNull(timeout, "ackTimeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ackTimeout must be positive, got " + timeout);
        }
        return timeout;
    }

    static int checkRetentionDays(int days) {
        if (days < 0) {
            throw new IllegalArgumentException("retentionDays must not be negative, got " + days);
        }
        return days;
    }

    void start() {
        thread.start();
    }

    /**
     * Queues the entry and waits until the writer has made it durable.
     *
     * @throws IOException when closed, the queue stays full, the write failed, or it took longer than the timeout
     */
    ConsentRecord append(LogEntry entry) throws IOException {
        if (closed) {
            throw new IOException("consent log is closed");
        }
        // The costly part (salts, commitments, canonical text) runs here, in the callers' threads, in parallel;
        // the single writer only seals.
        Pending p = new Pending(Chain.prepare(node, entry), new CompletableFuture<>());
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        try {
            if (!queue.offer(p, ackTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IOException("consent log is overloaded: no room in its queue within " + ackTimeout);
            }
            try {
                return p.done().get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // Give up on it, so that the writer skips it, unless the writer has just completed it.
                p.done().completeExceptionally(new IOException("consent log did not confirm the record within "
                        + ackTimeout));
                return p.done().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the consent log");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? new IOException(io.getMessage(), io)
                    : new IOException("consent log write failed: " + cause, cause);
        }
    }

    /**
     * Stops accepting entries and waits (up to the ack timeout and a second) for the writer to write what is
     * queued and stop.
     *
     * @return whether the writer has stopped
     */
    boolean close() {
        if (closed) {
            return !thread.isAlive();
        }
        closed = true;
        try {
            queue.put(STOP);
            thread.join(ackTimeout.toMillis() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Anyone who got past the closed check too late is told so rather than left waiting.
        List<Pending> late = new ArrayList<>();
        queue.drainTo(late);
        late.removeIf(p -> p == STOP);
        fail(late, new IOException("consent log is closed"));
        return !thread.isAlive();
    }

    static void fail(List<Pending> batch, IOException e) {
        batch.forEach(p -> p.done().completeExceptionally(e));
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        boolean stopping = false;
        try {
            while (!stopping) {
                try {
                    batch.add(queue.take());
                    queue.drainTo(batch, maxBatch - 1);
                    stopping = batch.removeIf(p -> p == STOP);
                    batch.removeIf(p -> p.done().isDone()); // callers that stopped waiting
                    if (!batch.isEmpty()) {
                        writer.write(batch);
                    }
                } catch (RuntimeException e) {
                    fail(batch, new IOException("consent log write failed: " + e, e));
                } finally {
                    batch.clear();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.run();
        }
    }
}
