package dev.consentgate.core.log;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Verifies a log on every core: what each line says about itself (parse, hash, MAC, commitments) is checked in
 * parallel, in batches, and only the links between records are checked in order, on the reading thread. Memory is
 * bounded by the batches in flight, not by the log's length.
 */
final class ParallelVerify {

    private static final int BATCH = 512;

    private ParallelVerify() {
    }

    static Verification run(ConsentLogSource source, Optional<AuditKey> key, LongConsumer progress)
            throws IOException {
        // Heads first: a live writer moves them after its records, so read this way round they never run ahead.
        Map<String, ChainHead> heads = source.heads();
        ChainVerifier verifier = new ChainVerifier(key, source.checkpoints(), source.partial());
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "consentgate-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            ArrayDeque<Future<List<ChainVerifier.Inspected>>> inFlight = new ArrayDeque<>();
            long[] done = {0};
            Batch[] batch = {new Batch()};
            if (source instanceof FileLogSource files) {
                // The file's bytes go to the workers as they are: decoding and locations are their work.
                files.scanBytes((prefix, number, buffer, from, to) -> {
                    if (batch[0].add(prefix, number, Arrays.copyOfRange(buffer, from, to))) {
                        handOver(pool, key, batch, inFlight, verifier, threads, done, progress);
                    }
                });
            } else {
                source.scan((location, line) -> {
                    if (batch[0].add(location, 0, line)) {
                        handOver(pool, key, batch, inFlight, verifier, threads, done, progress);
                    }
                });
            }
            submit(pool, key, batch[0], inFlight, verifier);
            while (!inFlight.isEmpty()) {
                done[0] += drain(inFlight.removeFirst(), verifier);
                progress.accept(done[0]);
            }
            return verifier.finish(heads);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Lines for one worker: text with its location, or a file's bytes with the location's prefix and line number.
     * Plain arrays, so the reading thread allocates nothing per line beyond the line itself.
     */
    private static final class Batch {
        final String[] locations = new String[BATCH];
        final long[] numbers = new long[BATCH];
        final Object[] lines = new Object[BATCH];
        int size;

        /** Adds a line; true when the batch is full. */
        boolean add(String location, long number, Object line) {
            locations[size] = location;
            numbers[size] = number;
            lines[size++] = line;
            return size == BATCH;
        }

        List<ChainVerifier.Inspected> inspect(Optional<AuditKey> key) {
            List<ChainVerifier.Inspected> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(lines[i] instanceof byte[] bytes
                        ? ChainVerifier.inspect(locations[i] + numbers[i], bytes, key)
                        : ChainVerifier.inspect(locations[i], (String) lines[i], key));
            }
            return out;
        }
    }

    /** Submits a full batch and starts the next; waits (linking) while too many are in flight. */
    private static void handOver(ExecutorService pool, Optional<AuditKey> key, Batch[] batch,
            ArrayDeque<Future<List<ChainVerifier.Inspected>>> inFlight, ChainVerifier verifier, int threads,
            long[] done, LongConsumer progress) throws IOException {
        submit(pool, key, batch[0], inFlight, verifier);
        batch[0] = new Batch();
        while (inFlight.size() > 2 * threads) {
            done[0] += drain(inFlight.removeFirst(), verifier);
            progress.accept(done[0]);
        }
    }

    private static void submit(ExecutorService pool, Optional<AuditKey> key, Batch lines,
            ArrayDeque<Future<List<ChainVerifier.Inspected>>> inFlight, ChainVerifier verifier) {
        if (lines.size == 0) {
            return;
        }
        if (verifier.failed()) {
            // Past the first problem the rest is only counted.
            verifier.skip(lines.size);
            return;
        }
        inFlight.addLast(pool.submit(() -> lines.inspect(key)));
    }

    private static int drain(Future<List<ChainVerifier.Inspected>> next, ChainVerifier verifier)
            throws IOException {
        List<ChainVerifier.Inspected> inspected;
        try {
            inspected = next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while verifying");
        } catch (ExecutionException e) {
            throw new IOException("verification failed: " + e.getCause(), e.getCause());
        }
        inspected.forEach(verifier::accept);
        return inspected.size();
    }
}
