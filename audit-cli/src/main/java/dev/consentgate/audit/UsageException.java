package dev.consentgate.audit;

/**
 * A command line the CLI cannot run: a missing or unknown argument, a bad value or environment variable. Exit code
 * 2, one line on stderr, no stack trace.
 */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean pointsToUsage;

    UsageException(String message) {
        this(message, true);
    }

    /** {@code pointsToUsage}: whether the usage text would help (not for a bad environment variable). */
    UsageException(String message, boolean pointsToUsage) {
        super(message, null, false, false);
        this.pointsToUsage = pointsToUsage;
    }

    boolean pointsToUsage() {
        return pointsToUsage;
    }
}
