package dev.consentgate.core.log;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * A consent log that records entries durably: {@link FileConsentLog}, {@link PostgresConsentLog}, or a
 * {@link SpoolingConsentLog} in front of one.
 */
public interface ConsentLogStore {

    /**
     * Keeps the entry, returning only once it is durable.
     *
     * @throws IOException when it could not be kept
     */
    void keep(LogEntry entry) throws IOException;

    /**
     * Keeps the entry without holding the caller's thread while it waits, where the store can: the future
     * completes once the entry is durable, or fails with an {@link IOException} when it could not be kept. The
     * default calls {@link #keep} in the calling thread.
     */
    default CompletableFuture<?> keepAsync(LogEntry entry) {
        try {
            keep(entry);
            return CompletableFuture.completedFuture(null);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
