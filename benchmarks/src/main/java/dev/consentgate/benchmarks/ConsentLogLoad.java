package dev.consentgate.benchmarks;

import dev.consentgate.core.log.ConsentLogSource;
import dev.consentgate.core.log.FileConsentLog;
import dev.consentgate.core.log.LogEntry;
import dev.consentgate.core.log.Verification;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Durable appends per second with group commit against fsync-per-record in the same run, and {@code verify}
 * speed against a plain scan of the same log.
 *
 * <pre>java -cp benchmarks/target/consentgate-benchmarks.jar dev.consentgate.benchmarks.ConsentLogLoad
 *     [--appends-only | --verify-only | --in-flight N] [DIR]</pre>
 *
 * <p>{@code --verify-only} skips the appends (fsync-bound writers) when only {@code verify} is of interest;
 * {@code --appends-only} skips the verify figures; {@code --in-flight N} runs only asynchronous appends with
 * {@code N} in flight (after the warm-up), to see how the rate and the latency trade with depth.
 */
public final class ConsentLogLoad {

    private static final int THREADS = 64;
    /** Threads that keep {@link #THREADS} asynchronous appends in flight: one per core here. */
    private static final int SUBMITTERS = 2;
    /** Appends in flight for the deep asynchronous run: a few batches' worth. */
    private static final int DEEP_IN_FLIGHT = 256;
    private static final int SECONDS = 10;
    private static final int WARM_UP_SECONDS = 2;
    private static final int VERIFY_RECORDS = 300_000;
    private static final int VERIFY_ROUNDS = 5;

    private ConsentLogLoad() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean appendsOnly = rest.remove("--appends-only");
        boolean verifyOnly = rest.remove("--verify-only");
        int inFlightOnly = 0;
        int at = rest.indexOf("--in-flight");
        if (at >= 0 && at + 1 < rest.size()) {
            inFlightOnly = Integer.parseInt(rest.remove(at + 1));
            rest.remove(at);
        }
        Path base = !rest.isEmpty() ? Path.of(rest.get(0)) : Files.createTempDirectory("consentgate-bench");
        Files.createDirectories(base);
        if (verifyOnly) {
            verifyFigures(base);
            delete(base);
            return;
        }
        System.out.printf(Locale.ROOT, "durable appends, 64 concurrent appenders, %d s each, on %s%n", SECONDS, base);
        // Both ways once first, so that JIT compilation is not in the CPU figures.
        appends(base.resolve("warm-up-blocked"), 64, false, WARM_UP_SECONDS);
        appends(base.resolve("warm-up-async"), 64, true, WARM_UP_SECONDS);
        if (inFlightOnly > 0) {
            Result r = appends(base.resolve("in-flight"), 64, true, SECONDS, inFlightOnly);
            System.out.printf(Locale.ROOT, "  %-52s %s%n  CPU per record by thread: %s%n", "group commit <= 64, "
                    + inFlightOnly + " in flight from " + SUBMITTERS + " threads (keepAsync)", r, r.threads);
            delete(base);
            return;
        }
        double sync = rawSync(base.resolve("raw-sync"));
        Result perRecord = appends(base.resolve("fsync-per-record"), 1, false, SECONDS);
        Result grouped = appends(base.resolve("group-commit"), 64, false, SECONDS);
        Result async = appends(base.resolve("group-commit-async"), 64, true, SECONDS);
        // More in flight than one batch holds, so the next batch is ready when an fdatasync ends: the batches stay
        // <= 64 records, only the writer no longer waits for acknowledgements to come back as new entries.
        Result deep = appends(base.resolve("group-commit-async-deep"), 64, true, SECONDS, DEEP_IN_FLIGHT);
        System.out.printf(Locale.ROOT, "  %-52s p50 %6.2f ms: at most %.0f records/s in batches of 64%n",
                "raw write of 64 records + fdatasync", sync, 64 / (sync / 1e3));
        System.out.printf(Locale.ROOT, "  %-52s %s%n", "fsync per record (baseline), 64 blocked threads", perRecord);
        System.out.printf(Locale.ROOT, "  %-52s %s%n", "group commit <= 64, 64 blocked threads (append)", grouped);
        System.out.printf(Locale.ROOT, "  %-52s %s%n", "group commit <= 64, 64 in flight from " + SUBMITTERS
                + " threads (keepAsync)", async);
        System.out.printf(Locale.ROOT, "  %-52s %s%n", "group commit <= 64, " + DEEP_IN_FLIGHT + " in flight from "
                + SUBMITTERS + " threads (keepAsync)", deep);
        System.out.printf(Locale.ROOT, "  ratio to baseline: blocked %.1f x, async %.1f x, async deep %.1f x%n",
                grouped.perSecond / perRecord.perSecond, async.perSecond / perRecord.perSecond,
                deep.perSecond / perRecord.perSecond);
        System.out.printf(Locale.ROOT, "  CPU per record by thread, blocked: %s%n", grouped.threads);
        System.out.printf(Locale.ROOT, "  CPU per record by thread, async:   %s%n", async.threads);
        if (appendsOnly) {
            delete(base);
            return;
        }

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

    /** Durable records per second, time-to-durable quantiles, and the whole process's cost per record. */
    private record Result(double perSecond, double p50, double p99, double cpuMicros, double switches,
            String threads) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%9.0f records/s  p50 %6.2f ms  p99 %6.2f ms  %5.1f µs CPU/record"
                    + "  %5.2f voluntary context switches/record", perSecond, p50, p99, cpuMicros, switches);
        }
    }

    static LogEntry entry(long i) {
        Instant t = Instant.now();
        return new LogEntry(t, UUID.randomUUID(), i % 3 == 0 ? "accept-all" : "custom",
                Set.of("necessary", "analytics"), Set.of("advertising", "preferences"), 3,
                Optional.of(t.plusSeconds(31_536_000)), Optional.of("ab".repeat(32)), Optional.of("en-GB"),
                Map.of(LogEntry.PAGE, "https://www.example.com/pricing"));
    }

    /**
     * Appends for {@link #SECONDS}: with 64 threads each blocked in {@code append}, or ({@code async}) with
     * {@link #SUBMITTERS} threads keeping 64 {@code keepAsync} appends in flight. Either way each record is timed
     * from before its entry is prepared until its caller hears it is durable.
     */
    private static Result appends(Path dir, int maxBatch, boolean async, int seconds) throws Exception {
        return appends(dir, maxBatch, async, seconds, THREADS);
    }

    /** As above, with {@code inFlightCount} appends in flight when {@code async}. */
    private static Result appends(Path dir, int maxBatch, boolean async, int seconds, int inFlightCount)
            throws Exception {
        try (FileConsentLog log = FileConsentLog.builder(dir).maxBatch(maxBatch).open()) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Latencies> parts = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            Semaphore inFlight = new Semaphore(inFlightCount);
            Latencies acked = new Latencies();
            for (int t = 0; t < (async ? SUBMITTERS : THREADS); t++) {
                Latencies mine = new Latencies();
                parts.add(mine);
                threads.add(new Thread(null, async ? () -> submit(log, stop, inFlight, acked) : () -> {
                    long i = 0;
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        try {
                            log.append(entry(i++));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                        synchronized (mine) {
                            mine.add(System.nanoTime() - start);
                        }
                    }
                }, "appender-" + t));
            }
            parts.add(acked);
            threads.forEach(Thread::start);
            Thread.sleep(200); // all threads started, the log's own threads too
            Map<String, Long> before = threadCpu();
            long cpu = cpuNanos();
            long switches = voluntarySwitches();
            long start = System.nanoTime();
            long counted = countAll(parts);
            Thread.sleep(seconds * 1_000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpuNanos = cpuNanos() - cpu;
            double switched = voluntarySwitches() - switches;
            Map<String, Long> after = threadCpu();
            long n = countAll(parts) - counted;
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            inFlight.acquire(inFlightCount); // nothing is left in flight when the log closes
            Latencies all;
            synchronized (acked) {
                all = Latencies.merge(parts);
            }
            StringBuilder byThread = new StringBuilder();
            long javaThreads = 0;
            for (Map.Entry<String, Long> e : after.entrySet()) {
                if (e.getKey().endsWith(" user")) {
                    continue;
                }
                long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                long user = after.get(e.getKey() + " user") - before.getOrDefault(e.getKey() + " user", 0L);
                javaThreads += used;
                byThread.append(String.format(Locale.ROOT, "%s %.1f µs (%.0f %% kernel), ", e.getKey(),
                        used / 1e3 / n, 100.0 * (used - user) / Math.max(1, used)));
            }
            byThread.append(String.format(Locale.ROOT, "JVM (GC, JIT) and the rest %.1f µs",
                    (cpuNanos - javaThreads) / 1e3 / n));
            return new Result(n / elapsed, all.millis(0.50), all.millis(0.99), cpuNanos / 1e3 / n, switched / n,
                    byThread.toString());
        }
    }

    private static void submit(FileConsentLog log, AtomicBoolean stop, Semaphore inFlight, Latencies acked) {
        long i = 0;
        while (!stop.get()) {
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                return;
            }
            long start = System.nanoTime();
            log.keepAsync(entry(i++)).whenComplete((record, failure) -> {
                if (failure != null) {
                    System.err.println("append failed: " + failure);
                    stop.set(true);
                } else {
                    synchronized (acked) {
                        acked.add(System.nanoTime() - start);
                    }
                }
                inFlight.release();
            });
        }
    }

    /** Records timed so far (the threads are running: a racy count, good to a few records). */
    private static long countAll(List<Latencies> parts) {
        long n = 0;
        for (Latencies p : parts) {
            synchronized (p) {
                n += p.count();
            }
        }
        return n;
    }

    /**
     * CPU time of this process's Java threads, summed by kind (appenders, the log's writer, acks and head): the
     * total under the kind's name, the part spent in user mode (not in the kernel) under the name and "user".
     */
    private static Map<String, Long> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> sums = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            String kind = name.startsWith("appender-") ? "appenders"
                    : name.startsWith("consentgate-log-") ? name.substring(16, name.lastIndexOf('-')) : null;
            long nanos = mx.getThreadCpuTime(t.getId());
            long user = mx.getThreadUserTime(t.getId());
            if (kind != null && nanos > 0) {
                sums.merge(kind, nanos, Long::sum);
                sums.merge(kind + " user", user, Long::sum);
            }
        }
        return sums;
    }

    /** p50 in ms of writing 64 records' worth of bytes and {@code fdatasync}, as the writer does per batch. */
    private static double rawSync(Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] batch = new byte[64 * 620];
        java.util.Arrays.fill(batch, (byte) 'x');
        long[] nanos = new long[200];
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir.resolve("sync"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                ch.write(java.nio.ByteBuffer.wrap(batch));
                ch.force(false);
                nanos[i] = System.nanoTime() - start;
            }
        }
        java.util.Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e6;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Voluntary context switches of all this process's threads so far (Linux), 0 elsewhere. */
    private static long voluntarySwitches() throws IOException {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        long sum = 0;
        try (Stream<Path> all = Files.list(tasks)) {
            for (Path task : all.toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return sum;
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
