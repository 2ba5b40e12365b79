package dev.consentgate.core.log;

import static dev.consentgate.core.log.LogFixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileConsentLog#keepAsync}: many appends in flight from one thread, with the blocking call's guarantees. */
class FileConsentLogAsyncTest {

    @TempDir
    Path dir;

    @Test
    void keepAsync_manyInFlightFromOneThread_eachCompletesOnceItsRecordIsInTheLog() throws Exception {
        Map<String, Long> segmentSizeAtAck = new ConcurrentHashMap<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<ConsentRecord>> futures = new ArrayList<>();
        try (FileConsentLog log = FileConsentLog.builder(dir).auditKey(Optional.of(LogFixtures.KEY)).open()) {
            for (int i = 1; i <= 2_000; i++) {
                futures.add(log.keepAsync(entry(i)).whenComplete((record, failure) -> {
                    threads.add(Thread.currentThread().getName());
                    if (record != null) {
                        segmentSizeAtAck.put(record.hash(), segmentSize());
                    }
                }));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }

        // Each record's line had reached the file when its caller heard of it (durability itself needs a power cut).
        String text = Files.readString(LogFixtures.onlySegment(dir), StandardCharsets.UTF_8);
        assertThat(segmentSizeAtAck).hasSize(2_000).allSatisfy((hash, size) ->
                assertThat(text.indexOf('\n', text.indexOf("\"hash\":\"" + hash + "\"")) + 1L)
                        .isPositive().isLessThanOrEqualTo(size));
        // Completed by the acknowledging thread, never the writer (a callback attached after completion runs here).
        assertThat(threads).contains("consentgate-log-acks-local")
                .noneMatch(name -> name.startsWith("consentgate-log-writer-"));
        assertThat(futures.stream().map(f -> f.join().seq())).doesNotHaveDuplicates().hasSize(2_000);
        Verification v = ConsentLogSource.files(dir).verify(Optional.of(LogFixtures.KEY));
        assertThat(v.problem()).isEmpty();
        assertThat(v.records()).isEqualTo(2_000);
    }

    @Test
    void keepAsync_writerStuck_failsAfterAckTimeoutWithTheBlockingCallsMessage() throws Exception {
        StallingClock clock = new StallingClock();
        try (FileConsentLog log = FileConsentLog.builder(dir).clock(clock).ackTimeout(Duration.ofMillis(300))
                .open()) {
            clock.stall();
            long start = System.nanoTime();
            CompletableFuture<ConsentRecord> stuck = log.keepAsync(entry(1));

            assertThatThrownBy(() -> stuck.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class)
                    .cause().hasMessage("consent log did not confirm the record within PT0.3S");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(waited).isBetween(290L, 2_000L);
            assertThatThrownBy(() -> log.append(entry(2)))
                    .hasMessage("consent log did not confirm the record within PT0.3S");
            clock.release();
            assertThat(log.keepAsync(entry(3)).get(5, TimeUnit.SECONDS).seq()).isPositive();
        }
    }

    @Test
    void keepAsync_closed_failsWithoutWriting() throws Exception {
        FileConsentLog log = FileConsentLog.builder(dir).open();
        log.close();

        CompletableFuture<ConsentRecord> late = log.keepAsync(entry(1));

        assertThatThrownBy(late::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(IOException.class).hasMessage("consent log is closed");
        assertThat(ConsentLogSource.files(dir).verify(Optional.empty()).records()).isZero();
    }

    @Test
    void close_withAppendsInFlight_settlesEachAndKeepsEveryOneItConfirmed() throws Exception {
        List<CompletableFuture<ConsentRecord>> futures = new ArrayList<>();
        try (FileConsentLog log = FileConsentLog.builder(dir).open()) {
            for (int i = 1; i <= 1_000; i++) {
                futures.add(log.keepAsync(entry(i)));
            }
        }

        assertThat(futures).allMatch(CompletableFuture::isDone);
        long confirmed = futures.stream().filter(f -> !f.isCompletedExceptionally()).count();
        assertThat(confirmed).isPositive();
        Verification v = ConsentLogSource.files(dir).verify(Optional.empty());
        assertThat(v.problem()).isEmpty();
        assertThat(v.records()).isEqualTo(confirmed);
    }

    private long segmentSize() {
        try {
            return Files.size(LogFixtures.onlySegment(dir));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clock the writer asks for each record's day: stalling it holds the writer as a hung disk would. */
    private static final class StallingClock extends Clock {
        private volatile CountDownLatch gate = new CountDownLatch(0);

        void stall() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        @Override
        public Instant instant() {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Instant.parse("2026-11-25T12:00:00Z");
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
