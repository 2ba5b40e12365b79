package dev.consentgate.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The write/sync pipeline's ordering: batch N+1 is written while batch N syncs, and is acknowledged only after a
 * sync of its own; if N's sync fails, N+1 (whose bytes follow N's) fails without being synced. A real disk cannot be
 * made to fail an fdatasync on cue, so the store here is a recording stand-in; the file store's own tests cover the
 * bytes.
 */
class GroupCommitTest {

    /** Records what the pipeline asked of it; the first sync waits for a signal and then fails. */
    private static final class Store implements GroupCommit.Writer {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch releaseFirstSync = new CountDownLatch(1);
        private final Chain chain = Chain.start("n", Optional.empty());
        private int written;

        @Override
        public GroupCommit.Staged write(List<GroupCommit.Pending> batch) {
            int n = ++written;
            calls.add("write " + n);
            List<ConsentRecord> records = batch.stream().map(p -> chain.append(p.entry().entry())).toList();
            return new GroupCommit.Staged() {
                @Override
                public List<ConsentRecord> records() {
                    return records;
                }

                @Override
                public void sync() throws IOException {
                    calls.add("sync " + n);
                    if (n == 1) {
                        try {
                            releaseFirstSync.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IOException("fdatasync failed: EIO");
                    }
                }
            };
        }
    }

    @Test
    void syncFails_batchWrittenBehindItFailsUnsynced_laterBatchesAreKept() throws Exception {
        Store store = new Store();
        GroupCommit commits = new GroupCommit("n", "test log", 1, Duration.ofSeconds(10), store, () -> { });
        commits.start();
        try {
            CompletableFuture<ConsentRecord> first = commits.appendAsync(LogFixtures.entry(1));
            await(() -> store.calls.contains("sync 1"));
            CompletableFuture<ConsentRecord> second = commits.appendAsync(LogFixtures.entry(2));
            await(() -> store.calls.contains("write 2")); // written while the first one syncs
            CompletableFuture<ConsentRecord> third = commits.appendAsync(LogFixtures.entry(3));

            store.releaseFirstSync.countDown();

            assertThat(failure(first)).hasMessage("fdatasync failed: EIO");
            assertThat(failure(second)).hasMessage("fdatasync failed: EIO");
            assertThat(third.get(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(store.calls).containsExactly("write 1", "sync 1", "write 2", "write 3", "sync 3");
        } finally {
            commits.close();
        }
    }

    private static Throwable failure(CompletableFuture<ConsentRecord> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the append to fail");
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(1);
        }
    }
}
