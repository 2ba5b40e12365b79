package dev.consentgate.core.log;

/** A consent log line that is not a record of this format; the message names the field, never a value. */
public final class MalformedRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String message) {
        super(message);
    }
}
