package dev.consentgate.core.log;

import static dev.consentgate.core.log.LogFixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool in front of a real file consent log whose availability the test switches. */
class SpoolingConsentLogTest {

    @TempDir
    Path dir;

    /** A real store that can be taken down. */
    private static final class Switchable implements ConsentLogStore {
        final ConsentLogStore real;
        volatile boolean down;

        Switchable(ConsentLogStore real) {
            this.real = real;
        }

        @Override
        public void keep(LogEntry entry) throws IOException {
            if (down) {
                throw new IOException("store is down");
            }
            real.keep(entry);
        }

        @Override
        public java.util.concurrent.CompletableFuture<?> keepAsync(LogEntry entry) {
            if (down) {
                // as the file store's writer fails a batch: on another thread, after a while
                return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    throw new java.util.concurrent.CompletionException(new IOException("store is down"));
                }, java.util.concurrent.CompletableFuture.delayedExecutor(20, java.util.concurrent.TimeUnit.MILLISECONDS));
            }
            return real.keepAsync(entry);
        }
    }

    private List<UUID> idsInLog() throws IOException {
        List<UUID> ids = new ArrayList<>();
        ConsentLogSource.files(dir.resolve("log")).scan((location, line) -> {
            try {
                ids.add(RecordFormat.parse(line).consentId());
            } catch (MalformedRecordException e) {
                throw new AssertionError(e);
            }
        });
        return ids;
    }

    @Test
    void keep_storeDown_spoolsAndReplaysInOrderWhenBack() throws Exception {
        try (FileConsentLog log = FileConsentLog.builder(dir.resolve("log")).open()) {
            Switchable store = new Switchable(log);
            try (SpoolingConsentLog spooling = SpoolingConsentLog.in(store, dir.resolve("spool"), Duration.ofHours(1))) {
                spooling.keep(entry(1));
                store.down = true;
                spooling.keep(entry(2));
                spooling.keep(entry(3));
                assertThat(spooling.pending()).isEqualTo(2);

                store.down = false;
                spooling.keep(entry(4)); // still spooled: the spool drains first, in order
                assertThat(spooling.pending()).isEqualTo(3);
                spooling.replay();

                assertThat(spooling.pending()).isZero();
                spooling.keep(entry(5)); // straight to the store again
            }
        }
        assertThat(idsInLog()).containsExactly(entry(1).consentId(), entry(2).consentId(), entry(3).consentId(),
                entry(4).consentId(), entry(5).consentId());
        assertThat(ConsentLogSource.files(dir.resolve("log")).verify(Optional.empty()).problem()).isEmpty();
        assertThat(Files.exists(dir.resolve("spool").resolve(SpoolingConsentLog.SPOOL))).isFalse();
    }

    @Test
    void keepAsync_storeDown_spoolsOffTheStoresThreadAndReplaysInOrderWhenBack() throws Exception {
        try (FileConsentLog log = FileConsentLog.builder(dir.resolve("log")).open()) {
            Switchable store = new Switchable(log);
            try (SpoolingConsentLog spooling = SpoolingConsentLog.in(store, dir.resolve("spool"), Duration.ofHours(1))) {
                spooling.keepAsync(entry(1)).get(10, java.util.concurrent.TimeUnit.SECONDS);
                store.down = true;
                spooling.keepAsync(entry(2)).get(10, java.util.concurrent.TimeUnit.SECONDS); // kept: in the spool
                spooling.keepAsync(entry(3)).get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(spooling.pending()).isEqualTo(2);

                store.down = false;
                spooling.keepAsync(entry(4)).get(10, java.util.concurrent.TimeUnit.SECONDS); // spooled: drains first
                spooling.replay();
                spooling.keepAsync(entry(5)).get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(spooling.pending()).isZero();
            }
        }
        assertThat(idsInLog()).containsExactly(entry(1).consentId(), entry(2).consentId(), entry(3).consentId(),
                entry(4).consentId(), entry(5).consentId());
        assertThat(ConsentLogSource.files(dir.resolve("log")).verify(Optional.empty()).problem()).isEmpty();
    }

    @Test
    void keepAsync_storeAndSpoolBothUnavailable_fails() throws Exception {
        try (FileConsentLog log = FileConsentLog.builder(dir.resolve("log")).open()) {
            Switchable store = new Switchable(log);
            Path spoolDir = dir.resolve("spool");
            try (SpoolingConsentLog spooling = SpoolingConsentLog.in(store, spoolDir, Duration.ofHours(1))) {
                store.down = true;
                // the spool file's place taken by a directory: the spool cannot be written either
                Files.createDirectories(spoolDir.resolve(SpoolingConsentLog.SPOOL));

                assertThatThrownBy(() -> spooling.keepAsync(entry(1)).get(10, java.util.concurrent.TimeUnit.SECONDS))
                        .isInstanceOf(java.util.concurrent.ExecutionException.class)
                        .hasCauseInstanceOf(IOException.class);
            }
        }
        assertThat(idsInLog()).isEmpty();
    }

    @Test
    void restart_withSpooledEntries_replaysThem() throws Exception {
        try (FileConsentLog log = FileConsentLog.builder(dir.resolve("log")).open()) {
            Switchable store = new Switchable(log);
            store.down = true;
            try (SpoolingConsentLog spooling = SpoolingConsentLog.in(store, dir.resolve("spool"), Duration.ofHours(1))) {
                spooling.keep(entry(1));
            }
            // a crash in the middle of spooling the next one leaves a torn line, never acknowledged
            Files.writeString(dir.resolve("spool").resolve(SpoolingConsentLog.SPOOL), "{\"timest",
                    StandardOpenOption.APPEND);
            store.down = false;
            try (SpoolingConsentLog again = SpoolingConsentLog.in(store, dir.resolve("spool"),
                    Duration.ofMillis(20))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (again.pending() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(again.pending()).isZero();
            }
        }
        assertThat(idsInLog()).containsExactly(entry(1).consentId());
    }

    @Test
    void keep_storeAndSpoolBothUnavailable_failsSoTheChoiceIsNotApplied() throws Exception {
        ConsentLogStore down = e -> {
            throw new IOException("store is down");
        };
        try (SpoolingConsentLog spooling = SpoolingConsentLog.in(down, dir.resolve("spool"), Duration.ofHours(1))) {
            // the spool file's place is taken by a directory, so it cannot be written (as root, permissions would
            // not stop it)
            Files.createDirectories(dir.resolve("spool").resolve(SpoolingConsentLog.SPOOL));

            assertThatThrownBy(() -> spooling.keep(entry(1))).isInstanceOf(IOException.class);
        }
    }
}
