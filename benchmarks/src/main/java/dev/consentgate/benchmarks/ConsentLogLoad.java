package dev.consentgate.benchmarks;

import dev.consentgate.core.log.ConsentLogSource;
import dev.consentgate.core.log.FileConsentLog;
import dev.consentgate.core.log.LogEntry;
import dev.consentgate.core.log.Verification;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Durable appends per second with group commit against fsync-per-record in the same run, and {@code verify}
 * speed against a plain scan of the same log.
 *
 * <pre>
 * java -cp benchmarks/target/consentgate-benchmarks.jar dev.consentgate.benchmarks.ConsentLogLoad [--verify-only] [DIR]
 * </pre>
 *
 * <p>{@code --verify-only} skips the appends (20 s of fsync-bound writers) when only {@code verify} is of interest.
 */
public final class ConsentLogLoad {

    private static final int THREADS = 64;
    private static final int SECONDS = 10;
    private static final int VERIFY_RECORDS = 300_000;
    private static final int VERIFY_ROUNDS = 5;

    private ConsentLogLoad() {
    }

    public static void main(String[] args) throws Exception {
        boolean verifyOnly = args.length > 0 && args[0].equals("--verify-only");
        if (verifyOnly) {
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("consentgate-bench");
        Files.createDirectories(base);
        if (verifyOnly) {
            verifyFigures(base);
            delete(base);
            return;
        }
        System.out.printf(Locale.ROOT, "durable appends, %d threads, %d s each, on %s%n", THREADS, SECONDS, base);
        Result perRecord = appends(base.resolve("fsync-per-record"), 1);
        Result grouped = appends(base.resolve("group-commit"), 64);
        System.out.printf(Locale.ROOT, "  %-28s %10.0f records/s  p50 %6.2f ms  p99 %6.2f ms%n",
                "fsync per record (baseline)", perRecord.perSecond, perRecord.p50, perRecord.p99);
        System.out.printf(Locale.ROOT, "  %-28s %10.0f records/s  p50 %6.2f ms  p99 %6.2f ms%n",
                "group commit, batches <= 64", grouped.perSecond, grouped.p50, grouped.p99);
        System.out.printf(Locale.ROOT, "  ratio group commit / baseline: %.1f x%n",
                grouped.perSecond / perRecord.perSecond);

        verifyFigures(base);
        delete(base);
    }

    /**
     * Scan and verify alternate, after a warm-up round of each, so that a machine whose load drifts (a shared one)
     * weighs on both alike; the figures are the medians.
     */
    private static void verifyFigures(Path base) throws Exception {
        Path verifyDir = base.resolve("verify");
        fill(verifyDir, VERIFY_RECORDS);
        rate(() -> scan(verifyDir));
        rate(() -> verify(verifyDir));
        double[] scans = new double[VERIFY_ROUNDS];
        double[] verifies = new double[VERIFY_ROUNDS];
        for (int i = 0; i < VERIFY_ROUNDS; i++) {
            scans[i] = rate(() -> scan(verifyDir));
            verifies[i] = rate(() -> verify(verifyDir));
        }
        double scan = median(scans);
        double verify = median(verifies);
        System.out.printf(Locale.ROOT, "verify, %d records (median of %d, alternating)%n", VERIFY_RECORDS,
                VERIFY_ROUNDS);
        System.out.printf(Locale.ROOT, "  %-28s %10.0f records/s%n", "line scan (baseline)", scan);
        System.out.printf(Locale.ROOT, "  %-28s %10.0f records/s%n", "verify", verify);
        System.out.printf(Locale.ROOT, "  ratio verify / scan: %.2f%n", verify / scan);
        System.out.printf(Locale.ROOT, "  rounds (scan/verify): %s%n", java.util.stream.IntStream.range(0, VERIFY_ROUNDS)
                .mapToObj(i -> String.format(Locale.ROOT, "%.0f/%.0f", scans[i], verifies[i]))
                .collect(java.util.stream.Collectors.joining(", ")));
    }

    private record Result(double perSecond, double p50, double p99) {
    }

    static LogEntry entry(long i) {
        Instant t = Instant.now();
        return new LogEntry(t, UUID.randomUUID(), i % 3 == 0 ? "accept-all" : "custom",
                Set.of("necessary", "analytics"), Set.of("advertising", "preferences"), 3,
                Optional.of(t.plusSeconds(31_536_000)), Optional.of("ab".repeat(32)), Optional.of("en-GB"),
                Map.of(LogEntry.PAGE, "https://www.example.com/pricing"));
    }

    private static Result appends(Path dir, int maxBatch) throws Exception {
        try (FileConsentLog log = FileConsentLog.builder(dir).maxBatch(maxBatch).open()) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Latencies> parts = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Latencies mine = new Latencies();
                parts.add(mine);
                Thread thread = new Thread(() -> {
                    long i = 0;
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        try {
                            log.append(entry(i++));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                        mine.add(System.nanoTime() - start);
                    }
                });
                threads.add(thread);
            }
            long start = System.nanoTime();
            threads.forEach(Thread::start);
            Thread.sleep(SECONDS * 1_000L);
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Latencies all = Latencies.merge(parts);
            return new Result(all.count() / seconds, all.millis(0.50), all.millis(0.99));
        }
    }

    private static void fill(Path dir, int records) throws Exception {
        try (FileConsentLog log = FileConsentLog.builder(dir).open()) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                Thread thread = new Thread(() -> {
                    for (int i = first; i < records; i += THREADS) {
                        try {
                            log.append(entry(i));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    @FunctionalInterface
    private interface Run {
        long records() throws IOException;
    }

    private static double rate(Run run) throws IOException {
        long start = System.nanoTime();
        long n = run.records();
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] rates) {
        double[] sorted = rates.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long scan(Path dir) throws IOException {
        long n = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                try (BufferedReader in = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                    while (in.readLine() != null) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private static long verify(Path dir) throws IOException {
        Verification v = ConsentLogSource.files(dir).verify(Optional.empty());
        if (!v.intact()) {
            throw new IllegalStateException("benchmark log does not verify: " + v.problem().orElseThrow().message());
        }
        return v.records();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
