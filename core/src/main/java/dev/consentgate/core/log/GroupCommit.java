package dev.consentgate.core.log;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * <p>The writer never completes a caller's future itself: it hands each durable batch, in one piece, to a single
 * acknowledging thread, and goes on with the next batch. Waking up to 64 parked callers (or running their
 * continuations) costs about as much as the {@code fdatasync}, and on the writer it would hold up the next batch.
 * The same thread fails asynchronous appends whose {@code ackTimeout} has passed, which the writer cannot do while
 * it is stuck in a write.
 */
final class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** One caller's entry, what it waits on and until when; the writer seals it, the acknowledger completes it. */
    record Pending(Chain.Prepared entry, CompletableFuture<ConsentRecord> done, long deadline) {
    }

    /** Makes a batch durable. Runs on the writer thread only. */
    @FunctionalInterface
    interface Writer {
        /**
         * @return the records written, in the batch's order
         * @throws IOException when none of the batch is durable
         */
        List<ConsentRecord> write(List<Pending> batch) throws IOException;
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
    /** Everything queued and not yet known to be done, oldest first: where the acknowledger looks for timeouts. */
    private final Queue<Pending> inFlight = new ConcurrentLinkedQueue<>();
    private final ScheduledThreadPoolExecutor acks;
    private final Writer writer;
    private final Runnable stopped;
    private final Thread thread;
    private volatile boolean closed;

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
        this.acks = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "consentgate-log-acks-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
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
        inFlight.add(p);
        return p;
    }

    private IOException notConfirmed() {
        return new IOException("consent log did not confirm the record within " + ackTimeout);
    }

    /** On the acknowledger: fails what has waited longer than the ack timeout; forgets what is done. */
    private void expire() {
        long now = System.nanoTime();
        for (Pending p = inFlight.peek(); p != null; p = inFlight.peek()) {
            if (!p.done().isDone() && now - p.deadline() < 0) {
                return; // queued in order, so everything after it has a later deadline (give or take a few µs)
            }
            p.done().completeExceptionally(notConfirmed());
            inFlight.poll();
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
    private void acknowledge(List<Pending> batch, List<ConsentRecord> records, IOException failure) {
        Runnable task = () -> {
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
                batch.add(queue.take());
                queue.drainTo(batch, maxBatch - 1);
                linger(batch);
                stopping = batch.removeIf(p -> p == STOP);
                batch.removeIf(p -> p.done().isDone()); // callers that stopped waiting
                if (batch.isEmpty()) {
                    continue;
                }
                List<Pending> taken = List.copyOf(batch);
                batch.clear();
                try {
                    acknowledge(taken, writer.write(taken), null);
                } catch (IOException e) {
                    acknowledge(taken, List.of(), e);
                } catch (RuntimeException e) {
                    acknowledge(taken, List.of(), new IOException("consent log write failed: " + e, e));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.run();
        }
    }
}
