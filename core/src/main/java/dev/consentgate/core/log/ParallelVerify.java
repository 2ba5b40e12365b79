package dev.consentgate.core.log;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
            List<String[]> batch = new ArrayList<>(BATCH);
            source.scan((location, line) -> {
                batch.add(new String[] {location, line});
                if (batch.size() == BATCH) {
                    submit(pool, key, new ArrayList<>(batch), inFlight, verifier);
                    batch.clear();
                    while (inFlight.size() > 2 * threads) {
                        done[0] += drain(inFlight.removeFirst(), verifier);
                        progress.accept(done[0]);
                    }
                }
            });
            submit(pool, key, batch, inFlight, verifier);
            while (!inFlight.isEmpty()) {
                done[0] += drain(inFlight.removeFirst(), verifier);
                progress.accept(done[0]);
            }
            return verifier.finish(heads);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void submit(ExecutorService pool, Optional<AuditKey> key, List<String[]> lines,
            ArrayDeque<Future<List<ChainVerifier.Inspected>>> inFlight, ChainVerifier verifier) {
        if (lines.isEmpty()) {
            return;
        }
        if (verifier.failed()) {
            // Past the first problem the rest is only counted.
            verifier.skip(lines.size());
            return;
        }
        inFlight.addLast(pool.submit(() -> {
            List<ChainVerifier.Inspected> out = new ArrayList<>(lines.size());
            for (String[] l : lines) {
                out.add(ChainVerifier.inspect(l[0], l[1], key));
            }
            return out;
        }));
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
