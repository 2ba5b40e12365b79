package dev.consentgate.core.log;

import java.io.IOException;

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
}
