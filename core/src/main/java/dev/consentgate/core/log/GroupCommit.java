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
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for a consent log store: callers queue entries; one writer thread takes up to {@code maxBatch} of
 * them at a time and makes them durable together. A caller that stops waiting (its {@code ackTimeout} passed) is
 * skipped by the writer if it has not got to it yet. Thread-safe.
 *
 * <p>Writing is a two-stage pipeline: while a syncing thread waits for batch N's {@code fdatasync}, the writer
 * seals and writes batch N+1 and leaves it in a one-place slot, which the syncer takes the moment N is durable.
 * Sealing and writing 64 records took about as long as the {@code fdatasync} (~0.4 ms each here), so doing them one
 * after the other halved the rate. A batch is acknowledged only after a sync that began after its write ended; if a
 * sync fails, every batch written before that failure ended fails too (its bytes follow the failed ones, which the
 * store cuts off before it writes again).
 *
 * <p>Neither thread completes a caller's future itself: each durable batch goes, in one piece, to a single
 * acknowledging thread. Waking up to 64 parked callers (or running their continuations) costs about as much as the
 * {@code fdatasync}, and on the syncer it would hold up the next batch.
 * The same thread fails asynchronous appends whose {@code ackTimeout} has passed, which the writer cannot do while
 * it is stuck in a write.
 */
final class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** One caller's entry, what it waits on and until when; the writer seals it, the acknowledger completes it. */
    record Pending(Chain.Prepared entry, CompletableFuture<ConsentRecord> done, long deadline) {
    }

    /** Seals a batch and hands it to storage. Runs on the writer thread only. */
    @FunctionalInterface
    interface Writer {
        /**
         * @return the batch's records, in its order, and what makes them durable
         * @throws IOException when none of the batch is kept
         */
        Staged write(List<Pending> batch) throws IOException;
    }

    /** A written batch, durable once {@link #sync} returns. */
    interface Staged {
        /** The batch's records, in its order. */
        List<ConsentRecord> records();

        /**
         * Makes the batch durable. Runs on the syncing thread, only after the previous batch's sync succeeded, and
         * while the writer writes the next batch.
         *
         * @throws IOException when the batch is not durable; batches written after it are then failed too
         */
        void sync() throws IOException;

        /**
         * Gives up on the batch without syncing it (a sync before it failed): the store must cut its bytes off
         * before it writes again. Called on the syncing thread while the writer waits.
         */
        default void abandon() {
        }

        /** A batch that {@link Writer#write} already made durable (a database commit). */
        static Staged durable(List<ConsentRecord> records) {
            return new Staged() {
                @Override
                public List<ConsentRecord> records() {
                    return records;
                }

                @Override
                public void sync() {
                }
            };
        }
    }

    /** How long the writer waits for more entries each time, and at most in all (the issue allows 2 ms). */
    private static final long GAP_NANOS = 100_000;
    private static final long LINGER_NANOS = 2_000_000;

    /** Tells the writer to stop after what is queued before it. */
    private static final Pending STOP = new Pending(null, new CompletableFuture<>(), 0);

    private final String node;
    private final String name;
    private final int maxBatch;
    private final Duration ackTimeout;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(4_096);
    /**
     * The batches past the queue and not yet handed to the acknowledger: the one being written and the one being
     * synced. With the queue, that is everywhere a caller's entry can wait, so the timeout sweep looks only there
     * (rather than keeping every entry in a list of its own, which cost an insertion and a removal per record).
     */
    private volatile List<Pending> writing = List.of();
    private volatile List<Pending> inSync = List.of();
    private final ScheduledThreadPoolExecutor acks;
    private final Writer writer;
    private final Runnable stopped;
    private final Thread thread;
    /** The syncing stage: one thread, so that batches become durable (and are acknowledged) in order. */
    private final Thread syncer;
    private volatile boolean closed;

    // The hand-over between the writer and the syncer, under the handOver monitor.
    private final Object handOver = new Object();
    /** A written batch waiting for its sync; the writer writes the next one only once the syncer took it. */
    private Handed next;
    /** Whether the syncer is syncing (or acknowledging) a batch. */
    private boolean busy;
    /** Counts failed syncs: a batch written before the latest failure began is failed with it. */
    private int failures;
    private IOException lastFailure;
    /** Set by the writer when it ends, after its last hand-over. */
    private boolean writerDone;

    /** A written batch, with the count of failed syncs when its write began. */
    private record Handed(List<Pending> batch, Staged staged, int failuresBefore) {
    }

    /**
     * @param name    how log lines name the store ({@code consent log /var/log/consent})
     * @param stopped runs on the writer thread when it ends, to release what it holds
     */
    GroupCommit(String node, String name, int maxBatch, Duration ackTimeout, Writer writer, Runnable stopped) {
        this.node = node;
        this.name = name;
        this.maxBatch = maxBatch;
        this.ackTimeout = ackTimeout;
        this.writer = writer;
        this.stopped = stopped;
        this.thread = new Thread(this::loop, "consentgate-log-writer-" + node);
        this.thread.setDaemon(true);
        this.syncer = new Thread(this::syncLoop, "consentgate-log-sync-" + node);
        this.syncer.setDaemon(true);
        this.acks = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "consentgate-log-acks-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        syncer.start();
        thread.start();
        // A twentieth of the timeout, so an asynchronous caller hears of it at most 5 % late.
        long sweep = Math.max(1, Math.min(50, ackTimeout.toMillis() / 20));
        acks.scheduleWithFixedDelay(this::expire, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /**
     * Queues the entry and waits until the writer has made it durable.
     *
     * @throws IOException when closed, the queue stays full, the write failed, or it took longer than the timeout
     */
    ConsentRecord append(LogEntry entry) throws IOException {
        Pending p = submit(entry);
        CompletableFuture<ConsentRecord> done = p.done();
        try {
            try {
                return done.get(p.deadline() - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // Give up on it, so that the writer skips it, unless the writer has just completed it.
                done.completeExceptionally(notConfirmed());
                return done.get();
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
     * Queues the entry; the future completes, on the log's acknowledging thread, once the record is durable, or
     * fails with an {@link IOException} for the same reasons and with the same messages as {@link #append}. Only
     * preparing the entry and waiting for room in a full queue (up to the ack timeout) happen in the calling
     * thread. Completing the future yourself before the writer takes the entry withdraws it.
     */
    CompletableFuture<ConsentRecord> appendAsync(LogEntry entry) {
        try {
            return submit(entry).done();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Pending submit(LogEntry entry) throws IOException {
        if (closed) {
            throw new IOException("consent log is closed");
        }
        // The costly part (salts, commitments, canonical text) runs here, in the callers' threads, in parallel;
        // the single writer only seals.
        Chain.Prepared prepared = Chain.prepare(node, entry);
        Pending p = new Pending(prepared, new CompletableFuture<>(), System.nanoTime() + ackTimeout.toNanos());
        try {
            if (!queue.offer(p, ackTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IOException("consent log is overloaded: no room in its queue within " + ackTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the consent log");
        }
        return p;
    }

    private IOException notConfirmed() {
        return new IOException("consent log did not confirm the record within " + ackTimeout);
    }

    /** On the acknowledger: fails what has waited longer than the ack timeout. */
    private void expire() {
        long now = System.nanoTime();
        expire(writing, now);
        expire(inSync, now);
        Handed waiting;
        synchronized (handOver) {
            waiting = next;
        }
        if (waiting != null) {
            expire(waiting.batch(), now);
        }
        for (Pending p : queue) { // weakly consistent: entries taken meanwhile are in a batch or done
            if (now - p.deadline() < 0) {
                return; // queued in order, so everything after it has a later deadline (give or take a few µs)
            }
            p.done().completeExceptionally(notConfirmed());
        }
    }

    private void expire(List<Pending> batch, long now) {
        for (Pending p : batch) {
            if (now - p.deadline() >= 0) {
                p.done().completeExceptionally(notConfirmed());
            }
        }
    }

    /**
     * Stops accepting entries and waits (up to the ack timeout and a second) for the writer to write what is
     * queued and stop, and for its acknowledgements to be delivered.
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
        acks.shutdown(); // runs the acknowledgements already handed over; drops the timeout sweep
        try {
            acks.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private static void fail(List<Pending> batch, IOException e) {
        batch.forEach(p -> p.done().completeExceptionally(e));
    }

    /** Completes the batch on the acknowledger, in order; after a close, here. */
    private void acknowledge(List<Pending> batch, Staged staged, IOException failure) {
        Runnable task = () -> {
            List<ConsentRecord> records = failure == null ? staged.records() : List.of(); // built here, off the writer
            for (int i = 0; i < batch.size(); i++) {
                CompletableFuture<ConsentRecord> done = batch.get(i).done();
                if (failure != null) {
                    done.completeExceptionally(failure);
                } else if (!done.complete(records.get(i))) {
                    log.warn("{}: record {} was written after its caller stopped waiting", name,
                            records.get(i).seq());
                }
            }
        };
        try {
            acks.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            task.run();
        }
    }

    /**
     * Waits a little for a batch to fill while entries keep coming: {@link #GAP_NANOS} at a time, as long as each wait
     * brought more, for at most {@link #LINGER_NANOS}. Without it, the writer wakes for the first entry of a burst
     * (64 callers answered at once come back together) and spends a whole {@code fdatasync} on it alone. It sleeps
     * rather than waits on the queue, so that callers do not wake it once per entry.
     */
    private void linger(List<Pending> batch) {
        // A tiny ackTimeout (tests use them) must still leave time to write.
        long until = System.nanoTime() + Math.min(LINGER_NANOS, ackTimeout.toNanos() / 4);
        while (batch.size() < maxBatch && batch.get(batch.size() - 1) != STOP && System.nanoTime() < until) {
            LockSupport.parkNanos(GAP_NANOS);
            if (queue.drainTo(batch, maxBatch - batch.size()) == 0) {
                return;
            }
        }
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        boolean stopping = false;
        try {
            while (!stopping) {
                // Room first, then gather: what arrives while the previous batch waits for the syncer goes into
                // this one.
                awaitRoom();
                batch.add(queue.take());
                queue.drainTo(batch, maxBatch - 1);
                if (syncerIdle()) {
                    // Only an idle syncer is worth waiting for a fuller batch; a busy one gathers the next batch
                    // meanwhile anyway (lingering then cost up to 2 ms a batch at moderate load).
                    linger(batch);
                }
                stopping = batch.removeIf(p -> p == STOP);
                batch.removeIf(p -> p.done().isDone()); // callers that stopped waiting
                if (batch.isEmpty()) {
                    continue;
                }
                List<Pending> taken = List.copyOf(batch);
                batch.clear();
                int failuresBefore = failures();
                writing = taken;
                Staged staged;
                try {
                    staged = writer.write(taken);
                } catch (IOException | RuntimeException e) {
                    acknowledge(taken, null, e instanceof IOException io ? io
                            : new IOException("consent log write failed: " + e, e));
                    // The store repairs before its next write, cutting back to what is durable: the batch still
                    // syncing must be durable (or failed) by then, or the cut could take acknowledged records.
                    awaitIdle();
                    continue;
                } finally {
                    writing = List.of();
                }
                synchronized (handOver) {
                    next = new Handed(taken, staged, failuresBefore);
                    handOver.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (handOver) {
                writerDone = true;
                handOver.notifyAll();
            }
            awaitIdle();
            stopped.run();
        }
    }

    /**
     * Waits until the syncer has taken the batch written before (it is then syncing it, while the writer gathers and
     * writes the next).
     */
    private void awaitRoom() throws InterruptedException {
        synchronized (handOver) {
            while (next != null) {
                handOver.wait();
            }
        }
    }

    private boolean syncerIdle() {
        synchronized (handOver) {
            return !busy && next == null;
        }
    }

    /** The count of failed syncs so far, read just before a batch is written. */
    private int failures() {
        synchronized (handOver) {
            return failures;
        }
    }

    /** Waits until every batch handed over is synced and acknowledged. */
    private void awaitIdle() {
        boolean interrupted = false;
        synchronized (handOver) {
            while (next != null || busy) {
                try {
                    handOver.wait();
                } catch (InterruptedException e) {
                    interrupted = true; // what is handed over must be settled before the store repairs or stops
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The syncer: takes each written batch as soon as the one before is durable, with no round trip through the
     * writer (two thread wake-ups between consecutive {@code fdatasync}s cost up to a fifth of the rate on a busy
     * machine), syncs it and hands it to the acknowledger. A batch written before a sync failed (its bytes follow
     * the failed ones, which the store cuts off before it writes again) fails too.
     */
    private void syncLoop() {
        while (true) {
            Handed h;
            IOException earlier;
            synchronized (handOver) {
                while (next == null && !writerDone) {
                    try {
                        handOver.wait();
                    } catch (InterruptedException e) {
                        // only close() stops this thread, through writerDone
                    }
                }
                if (next == null) {
                    return;
                }
                h = next;
                next = null;
                busy = true;
                earlier = h.failuresBefore() == failures ? null : lastFailure;
                if (earlier != null) {
                    // Before the writer can write again: its bytes must be cut off with the failed ones, or a batch
                    // written after the store's repair would stay in the log as refused.
                    h.staged().abandon();
                }
                handOver.notifyAll();
            }
            inSync = h.batch();
            IOException failed = earlier == null ? null : new IOException(earlier.getMessage(), earlier);
            if (failed == null) {
                try {
                    h.staged().sync();
                } catch (IOException e) {
                    failed = e;
                } catch (RuntimeException e) {
                    failed = new IOException("consent log write failed: " + e, e);
                }
            }
            acknowledge(h.batch(), h.staged(), failed);
            inSync = List.of();
            synchronized (handOver) {
                if (failed != null && earlier == null) {
                    failures++;
                    lastFailure = failed;
                }
                busy = false;
                handOver.notifyAll();
            }
        }
    }
}
