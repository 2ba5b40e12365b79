package dev.consentgate.audit;

/** A command line the CLI cannot run: a missing or unknown argument, a bad value. Exit code 2, no stack trace. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
