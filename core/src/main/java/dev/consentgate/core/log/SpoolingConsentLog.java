package dev.consentgate.core.log;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.consent.ConsentDecision;
import dev.consentgate.core.consent.ConsentRecorder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consent log store that keeps decisions in a local spool while the store behind it is down (a PostgreSQL outage,
 * say), and replays them to it, in the order they were spooled, once it is back. A decision is acknowledged only
 * when it is durable in the store or in the spool (fsync'ed), so none is lost and none is dropped silently; when
 * the spool cannot be written either, {@link #record} fails and the consent endpoint answers 503.
 *
 * <p>While the spool holds entries, new decisions go to the spool too, so the spool drains in order. Replayed
 * records carry their decision times, and land in the store after records written while they waited. A crash
 * between a replayed append and the spool's progress mark may replay that one entry twice: a duplicate, never a
 * loss. Thread-safe.
 */
public final class SpoolingConsentLog implements ConsentRecorder, ConsentLogStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpoolingConsentLog.class);
    static final String SPOOL = "spool.jsonl";
    static final String DONE = "spool.done";

    private final ConsentLogStore store;
    private final Path spool;
    private final Path done;
    private final ScheduledExecutorService replayer;
    /** Spools asynchronous entries, so that an fsync'ed spool write never runs on the store's acknowledging thread. */
    private final java.util.concurrent.ExecutorService spooler;
    private final Object lock = new Object();
    private volatile boolean spooling;

    private SpoolingConsentLog(ConsentLogStore store, Path dir, Duration retryEvery) throws IOException {
        this.store = store;
        Files.createDirectories(dir);
        this.spool = dir.resolve(SPOOL);
        this.done = dir.resolve(DONE);
        this.spooling = pending() > 0;
        this.replayer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consentgate-spool-replay");
            t.setDaemon(true);
            return t;
        });
        this.spooler = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "consentgate-spool-write");
            t.setDaemon(true);
            return t;
        });
        long every = retryEvery.toMillis();
        replayer.scheduleWithFixedDelay(this::replaySafely, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Spools to {@code dir} whatever {@code store} cannot take, and retries it every {@code retryEvery}. Entries
     * left in the spool by an earlier run are replayed too.
     */
    public static SpoolingConsentLog in(ConsentLogStore store, Path dir, Duration retryEvery) throws IOException {
        requireNonNull(store, "store");
        requireNonNull(dir, "dir");
        requireNonNull(retryEvery, "retryEvery");
        if (retryEvery.isNegative() || retryEvery.isZero()) {
            throw new IllegalArgumentException("retryEvery must be positive, got " + retryEvery);
        }
        return new SpoolingConsentLog(store, dir, retryEvery);
    }

    @Override
    public void record(ConsentDecision decision) throws IOException {
        keep(LogEntry.of(decision));
    }

    @Override
    public void keep(LogEntry entry) throws IOException {
        requireNonNull(entry, "entry");
        if (!spooling) {
            try {
                store.keep(entry);
                return;
            } catch (IOException e) {
                storeFailed(e);
            }
        }
        spool(entry);
    }

    private static void storeFailed(Throwable e) {
        log.warn("consent log store failed ({}); spooling decisions locally until it is back", e.getMessage());
    }

    /** Appends to the spool; from now on, decisions go there until a replay has drained it. */
    private void spool(LogEntry entry) throws IOException {
        synchronized (lock) {
            spooling = true;
            append(entry);
        }
    }

    /**
     * Keeps the decision without holding the caller's thread: asynchronously in the store when it is up and takes
     * asynchronous entries, else in the spool on a thread of the spool's own. Completes once the decision is
     * durable in one or the other, or fails when neither could keep it, as {@link #record} would.
     */
    @Override
    public CompletionStage<Void> recordAsync(ConsentDecision decision) {
        return keepAsync(LogEntry.of(decision)).thenApply(kept -> null);
    }

    @Override
    public CompletableFuture<?> keepAsync(LogEntry entry) {
        requireNonNull(entry, "entry");
        CompletableFuture<Void> kept = new CompletableFuture<>();
        if (spooling) {
            spoolLater(entry, kept);
            return kept;
        }
        store.keepAsync(entry).whenComplete((stored, failure) -> {
            if (failure == null) {
                kept.complete(null);
            } else {
                storeFailed(failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                        ? c.getCause() : failure);
                spoolLater(entry, kept);
            }
        });
        return kept;
    }

    private void spoolLater(LogEntry entry, CompletableFuture<Void> kept) {
        try {
            spooler.execute(() -> {
                try {
                    spool(entry);
                    kept.complete(null);
                } catch (IOException | RuntimeException e) {
                    kept.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            kept.completeExceptionally(new IOException("consent log spool is closed"));
        }
    }

    /** How many decisions wait in the spool. */
    public long pending() throws IOException {
        synchronized (lock) {
            if (!Files.exists(spool)) {
                return 0;
            }
            return lines().size() - replayed();
        }
    }

    /** Tries to move spooled decisions to the store now; stops at the first it cannot move. */
    public void replay() throws IOException {
        synchronized (lock) {
            if (!Files.exists(spool)) {
                spooling = false;
                return;
            }
            List<String> lines = lines();
            long from = replayed();
            for (long i = from; i < lines.size(); i++) {
                store.keep(SpoolEntries.parse(lines.get((int) i)));
                Files.writeString(done, Long.toString(i + 1)); // progress; a crash here replays one entry twice
            }
            Files.delete(spool);
            Files.deleteIfExists(done);
            LogFiles.syncDirectory(spool.getParent());
            spooling = false;
            if (lines.size() > from) {
                log.info("consent log store is back: replayed {} spooled decision(s)", lines.size() - from);
            }
        }
    }

    private void replaySafely() {
        try {
            if (spooling) {
                replay();
            }
        } catch (IOException | RuntimeException e) {
            log.debug("consent log store still unavailable: {}", e.getMessage());
        }
    }

    /** The spooled lines; a last line without its line break was never acknowledged (a crash mid-write). */
    private List<String> lines() throws IOException {
        String content = Files.readString(spool, StandardCharsets.UTF_8);
        List<String> lines = new java.util.ArrayList<>(List.of(content.split("\n", -1)));
        lines.remove(lines.size() - 1); // after the last line break: empty, or the torn line
        return lines;
    }

    private long replayed() throws IOException {
        return Files.exists(done) ? Long.parseLong(Files.readString(done).strip()) : 0;
    }

    private void append(LogEntry entry) throws IOException {
        byte[] line = (SpoolEntries.toLine(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        boolean created = !Files.exists(spool);
        try (FileChannel ch = FileChannel.open(spool, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        }
        if (created) {
            LogFiles.syncDirectory(spool.getParent());
        }
    }

    /** Stops retrying; what is spooled stays there for the next start. */
    @Override
    public void close() {
        replayer.shutdownNow();
        spooler.shutdown(); // what is handed over is still spooled
        try {
            spooler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
