package dev.consentgate.core.log;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.consent.ConsentDecision;
import dev.consentgate.core.consent.ConsentRecorder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded consent log: append-only JSON Lines files, one per UTC day, in one directory, written with group
 * commit. {@link #record} returns only once its record is on disk ({@code fsync}), so the consent endpoint answers
 * only after that; concurrent callers share one {@code fsync} per batch of up to {@code maxBatch} records.
 * {@link #keepAsync} does the same without holding a thread per record while it waits.
 *
 * <p>On open after a crash, a torn last line (written but never acknowledged) is moved aside to a {@code .broken}
 * file, never deleted, and the chain continues from the last whole record. Anything else that does not verify in
 * the last segment, or a head that names a record the log does not hold, stops the store with an error rather than
 * being repaired: that is for an auditor to look at.
 *
 * <p>Only one process may write a directory; a lock file enforces it. Thread-safe.
 */
public final class FileConsentLog implements ConsentRecorder, ConsentLogStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileConsentLog.class);

    private final Path dir;
    private final Optional<AuditKey> key;
    private final Clock clock;
    private final int retentionDays;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final GroupCommit commits;
    private final HeadWriter heads;
    private final java.nio.file.FileStore fileStore;
    private volatile boolean closed;

    // The writer's state, under writeLock: the writer thread writes a batch, redact() rewrites files.
    private final Object writeLock = new Object();
    private Chain chain;
    private final LineBuffer lines = new LineBuffer();
    private LocalDate segmentDay;
    private long writtenSize;
    // The syncing thread's, under syncLock. Replacing the segment takes both locks (writeLock first), so that no
    // sync forces a channel being closed.
    private final Object syncLock = new Object();
    private FileChannel segment;
    private long durableSeq;
    private String durableHash;
    private long durableSize;
    private volatile boolean needsRepair;

    private FileConsentLog(Builder b, FileChannel lockChannel, FileLock lock) throws IOException {
        this.dir = b.dir;
        this.key = b.key;
        this.clock = b.clock;
        this.retentionDays = b.retentionDays;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.commits = new GroupCommit(b.node, "consent log " + b.dir, b.maxBatch, b.ackTimeout,
                this::writeBatch, () -> { });
        this.heads = new HeadWriter(b.dir.resolve(LogFiles.HEAD), b.node);
        this.fileStore = Files.getFileStore(b.dir);
    }

    /** A builder for the log in {@code dir} (created if missing). */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** Keeps the decision; returns once it is durable. */
    @Override
    public void record(ConsentDecision decision) throws IOException {
        append(LogEntry.of(decision));
    }

    /** Keeps the decision without holding the caller's thread; see {@link #keepAsync}. */
    @Override
    public CompletionStage<Void> recordAsync(ConsentDecision decision) {
        return keepAsync(LogEntry.of(decision)).thenApply(record -> null);
    }

    /** Keeps the entry; returns once it is durable. */
    @Override
    public void keep(LogEntry entry) throws IOException {
        append(entry);
    }

    /**
     * Appends an entry and waits until its record is durable.
     *
     * @return the record as written
     * @throws IOException when the log is closed, full, or the write or {@code fsync} failed; the entry is then not
     *                     in the log
     */
    public ConsentRecord append(LogEntry entry) throws IOException {
        requireNonNull(entry, "entry");
        return commits.append(entry);
    }

    /**
     * Appends an entry without waiting: the future completes once its record is durable, on the log's acknowledging
     * thread (so keep continuations short, or move them to your own executor), or fails with an {@link IOException}
     * in the cases {@link #append} throws one, with the same message, and after the same {@code ackTimeout}. No
     * thread is held while the record is written, so many appends can be in flight from a few threads. Completing
     * or cancelling the future before the writer takes the entry withdraws it.
     */
    @Override
    public CompletableFuture<ConsentRecord> keepAsync(LogEntry entry) {
        return commits.appendAsync(requireNonNull(entry, "entry"));
    }

    /**
     * Erases personal fields of every record of {@code consentId} (GDPR Art. 17), rewriting the segments that hold
     * them. Their commitments stay in the chain, so the log still verifies and reports those records as redacted.
     * Appends wait while a segment is rewritten.
     *
     * @param fields the personal fields to erase, such as {@link LogEntry#IP}; all of them when empty
     * @return how many records were changed
     */
    public int redact(java.util.UUID consentId, java.util.Set<String> fields) throws IOException {
        requireNonNull(consentId, "consentId");
        requireNonNull(fields, "fields");
        synchronized (writeLock) {
            if (closed) {
                throw new IOException("consent log is closed");
            }
            if (needsRepair) {
                repair(); // or the rewrite would make a failed batch's bytes part of the log
            }
            synchronized (syncLock) {
                int changed = 0;
                for (Path file : LogFiles.segments(dir)) {
                    changed += redactIn(file, consentId, fields);
                }
                return changed;
            }
        }
    }

    private int redactIn(Path file, java.util.UUID consentId, java.util.Set<String> fields) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String needle = "\"consentId\":\"" + consentId + "\"";
        int changed = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).contains(needle)) {
                continue;
            }
            ConsentRecord r;
            try {
                r = RecordFormat.parse(lines.get(i));
            } catch (MalformedRecordException e) {
                throw new IOException(file.getFileName() + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
            ConsentRecord redacted = r.redact(fields);
            if (redacted != r && r.consentId().equals(consentId)) {
                lines.set(i, RecordFormat.toLine(redacted));
                changed++;
            }
        }
        if (changed == 0) {
            return 0;
        }
        boolean current = segment != null && file.getFileName().toString().equals(LogFiles.segmentName(segmentDay));
        Path tmp = file.resolveSibling(file.getFileName() + ".redact.tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        if (current) {
            segment.close();
            segment = null;
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        LogFiles.syncDirectory(dir);
        if (current) {
            openSegment(segmentDay);
            markDurable(); // the rewritten file holds, forced, whatever was written before
        }
        log.info("consent log {}: erased personal fields of {} record(s) in {}", dir, changed, file.getFileName());
        return changed;
    }

    /** The directory this log writes. */
    public Path directory() {
        return dir;
    }

    /** Stops accepting records, writes what is queued, and releases the directory. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        commits.close();
        heads.close();
        synchronized (writeLock) {
            try {
                if (segment != null) {
                    segment.close();
                }
            } finally {
                lock.release();
                lockChannel.close();
            }
        }
    }

    // ---- opening and recovery --------------------------------------------------------------------------------

    private void recover(String node) throws IOException {
        Optional<ChainHead> head = LogFiles.readHead(dir.resolve(LogFiles.HEAD));
        Optional<ChainHead> checkpoint = LogFiles.readHead(dir.resolve(LogFiles.CHECKPOINT));
        List<Path> segments = LogFiles.segments(dir);
        if (!segments.isEmpty()) {
            Path newest = segments.get(segments.size() - 1);
            moveTornTail(newest);
            if (Files.size(newest) == 0) {
                // created by a roll-over just before a crash: nothing in it, and the chain ends in the one before
                Files.delete(newest);
                segments.remove(segments.size() - 1);
            }
        }
        // Verify the newest segment fully, and the head against its end: a whole-log walk is the auditor's job.
        ChainVerifier verifier = new ChainVerifier(key, checkpoint.map(c -> java.util.Map.of(c.node(), c))
                .orElse(java.util.Map.of()), segments.size() > 1);
        ConsentRecord[] last = new ConsentRecord[1];
        if (!segments.isEmpty()) {
            Path newest = segments.get(segments.size() - 1);
            FileLogSource.open(newest).scan((location, line) -> {
                ChainVerifier.Inspected inspected = ChainVerifier.inspect(location, line, key);
                verifier.accept(inspected);
                if (!verifier.failed()) {
                    last[0] = inspected.record();
                }
            });
        }
        Verification v = verifier.finish(head.map(h -> java.util.Map.of(h.node(), h)).orElse(java.util.Map.of()));
        if (!v.intact()) {
            throw new IOException("consent log " + dir + " does not verify, refusing to write to it: "
                    + v.problem().orElseThrow().message());
        }
        if (last[0] != null) {
            if (!last[0].node().equals(node)) {
                throw new IOException("consent log " + dir + " was written by node '" + last[0].node()
                        + "', not '" + node + "'");
            }
            chain = Chain.resume(node, last[0].seq(), last[0].hash(), key);
            segmentDay = LogFiles.dayOf(segments.get(segments.size() - 1)).orElseThrow();
        } else if (checkpoint.isPresent()) {
            chain = Chain.resume(node, checkpoint.get().seq(), checkpoint.get().hash(), key);
        } else {
            chain = Chain.start(node, key);
        }
        durableSeq = chain.lastSeq();
        durableHash = chain.lastHash();
        LogFiles.writeHead(dir.resolve(LogFiles.HEAD), chain.head(), true);
        if (segmentDay != null) {
            openSegment(segmentDay);
        }
        purge();
    }

    /** Moves whatever follows the last line break (a write cut short by a crash) to a {@code .broken} file. */
    private void moveTornTail(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                ch.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep == size) {
                return;
            }
            ByteBuffer torn = ByteBuffer.allocate((int) Math.min(size - keep, 16 * 1024 * 1024));
            ch.read(torn, keep);
            torn.flip();
            Path broken = file.resolveSibling(file.getFileName() + "." + clock.millis() + ".broken");
            try (FileChannel out = FileChannel.open(broken, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(torn);
                out.force(true);
            }
            LogFiles.syncDirectory(dir);
            ch.truncate(keep);
            ch.force(true);
            log.warn("consent log {}: moved an incomplete last line ({} bytes, never acknowledged) to {}", file,
                    size - keep, broken.getFileName());
        }
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    /**
     * One batch written but perhaps not yet durable: the channel it went to, and where the segment and the chain
     * end after it.
     */
    private final class Staged implements GroupCommit.Staged {
        private final List<Chain.Sealed> records;
        private final FileChannel channel;
        private final long end;
        private final long seq;
        private final String hash;
        private final ChainHead head;

        Staged(List<Chain.Sealed> records, FileChannel channel, long end, Chain chain) {
            this.records = records;
            this.channel = channel;
            this.end = end;
            this.seq = chain.lastSeq();
            this.hash = chain.lastHash();
            this.head = chain.head();
        }

        @Override
        public List<ConsentRecord> records() {
            return records.stream().map(Chain.Sealed::record).toList();
        }

        @Override
        public void abandon() {
            needsRepair = true;
        }

        @Override
        public void sync() throws IOException {
            synchronized (syncLock) {
                if (seq <= durableSeq) {
                    return; // a roll-over or a redaction forced it meanwhile
                }
                try {
                    channel.force(false);
                } catch (IOException e) {
                    log.error("consent log {}: fdatasync failed; {} decision(s) not recorded", dir, records.size(),
                            e);
                    needsRepair = true;
                    throw e;
                }
                durableSize = end;
                durableSeq = seq;
                durableHash = hash;
            }
            // The head need not be forced, nor written before the acknowledgement: after a power loss it may trail
            // the log, which verify reports as a note and the next open repairs; what it guards against is cutting
            // records off a healthy log. Nor can it fail the batch (a full disk): the records are durable and their
            // callers are told so, so a spool in front never keeps them a second time.
            heads.post(head);
        }
    }

    private GroupCommit.Staged writeBatch(List<GroupCommit.Pending> batch) throws IOException {
        synchronized (writeLock) {
            return writeBatchLocked(batch);
        }
    }

    private GroupCommit.Staged writeBatchLocked(List<GroupCommit.Pending> batch) throws IOException {
        try {
            if (needsRepair) {
                repair();
            }
            checkSpace(batch.size());
            // A batch goes to one segment, that of the day it is written on (give or take its 2 ms), so that a
            // roll-over only ever happens between batches, where everything before it can be forced and closed.
            LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            if (segment == null || day.isAfter(segmentDay)) {
                rollTo(day);
            }
            lines.clear();
            List<Chain.Sealed> written = new ArrayList<>(batch.size());
            for (GroupCommit.Pending p : batch) {
                written.add(chain.seal(p.entry(), lines));
            }
            ByteBuffer buffer = lines.view();
            while (buffer.hasRemaining()) {
                segment.write(buffer);
            }
            writtenSize += lines.size();
            return new Staged(written, segment, writtenSize, chain);
        } catch (IOException e) {
            log.error("consent log {}: write failed; {} decision(s) not recorded", dir, batch.size(), e);
            needsRepair = true;
            throw e;
        }
    }

    /**
     * Refuses a batch when the disk has no room for it and the head. The head is rewritten beside the writer and
     * cannot fail a batch, so without this a full disk would still take records into the last block of the segment
     * while every head write failed; refusing them is what callers (and a spool in front) can act on. One
     * {@code statvfs} per batch.
     */
    private void checkSpace(int records) throws IOException {
        long usable = fileStore.getUsableSpace();
        if (usable < records * 1_024L + 4_096) {
            throw new IOException("no space left for the consent log in " + dir + " (" + usable + " bytes free)");
        }
    }

    /**
     * Starts a new day's segment: the previous one is forced and closed, the new file made durable. Everything
     * written so far is then durable, so a batch still waiting for its sync has nothing left to do.
     */
    private void rollTo(LocalDate day) throws IOException {
        synchronized (syncLock) {
            if (needsRepair) {
                throw new IOException("an earlier write to consent log " + dir + " failed");
            }
            if (segment != null) {
                segment.force(false);
                segment.close();
                segment = null;
                markDurable();
            }
            openSegment(day);
        }
        LogFiles.syncDirectory(dir);
        purge();
    }

    /** After a force of the whole segment: everything written so far is durable. Holds both locks. */
    private void markDurable() {
        durableSize = writtenSize;
        durableSeq = chain.lastSeq();
        durableHash = chain.lastHash();
        heads.post(chain.head());
    }

    private void openSegment(LocalDate day) throws IOException {
        segment = FileChannel.open(dir.resolve(LogFiles.segmentName(day)), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        segmentDay = day;
        writtenSize = segment.size();
        durableSize = writtenSize;
    }

    /** After a failed write or sync: cut what may have reached the file back to the last durable record. */
    private void repair() throws IOException {
        synchronized (syncLock) {
            if (segment != null) {
                segment.truncate(durableSize);
                segment.force(false);
                writtenSize = durableSize;
            }
            chain = Chain.resume(chain.node(), durableSeq, durableHash, key);
            needsRepair = false;
        }
    }

    /**
     * Retention: deletes day segments older than {@code retentionDays}, first writing a checkpoint (the last
     * removed record's seq and hash) from which the rest still verifies.
     */
    private void purge() throws IOException {
        if (retentionDays <= 0) {
            return;
        }
        LocalDate cutoff = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(retentionDays);
        List<Path> old = new ArrayList<>();
        for (Path p : LogFiles.segments(dir)) {
            LocalDate day = LogFiles.dayOf(p).orElseThrow();
            if (day.isBefore(cutoff) && !day.equals(segmentDay)) {
                old.add(p);
            }
        }
        if (old.isEmpty()) {
            return;
        }
        ConsentRecord[] last = new ConsentRecord[1];
        for (int i = old.size() - 1; i >= 0 && last[0] == null; i--) {
            FileLogSource.open(old.get(i)).scan((location, line) -> {
                try {
                    last[0] = RecordFormat.parse(line);
                } catch (MalformedRecordException e) {
                    throw new IOException(location + ": " + e.getMessage(), e);
                }
            });
        }
        if (last[0] != null) {
            LogFiles.writeHead(dir.resolve(LogFiles.CHECKPOINT),
                    ChainHead.of(last[0].node(), last[0].seq(), last[0].hash(), key), true);
        }
        for (Path p : old) {
            Files.delete(p);
        }
        LogFiles.syncDirectory(dir);
        log.info("consent log {}: retention removed {} segment(s) older than {}", dir, old.size(), cutoff);
    }

    /** Configures a {@link FileConsentLog}. Setters validate at once. Not thread-safe. */
    public static final class Builder extends StoreBuilder<Builder> {
        private final Path dir;

        private Builder(Path dir) {
            this.dir = requireNonNull(dir, "dir");
        }

        /**
         * Opens the log: takes the directory's lock, recovers from a crash, verifies the newest segment.
         *
         * @throws IOException when another process writes the directory, or the log does not verify
         */
        public FileConsentLog open() throws IOException {
            Files.createDirectories(dir);
            FileChannel lockChannel = FileChannel.open(dir.resolve(LogFiles.LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new IOException("consent log " + dir + " is already open for writing by another process");
            }
            FileConsentLog store;
            try {
                store = new FileConsentLog(this, lockChannel, lock);
                store.recover(node);
            } catch (IOException | RuntimeException e) {
                lock.release();
                lockChannel.close();
                throw e;
            }
            store.commits.start();
            return store;
        }
    }
}
