package dev.consentgate.audit;

import dev.consentgate.core.log.ConsentRecord;
import dev.consentgate.core.log.LogEntry;
import java.util.List;
import java.util.Optional;

/** A record's fields as the CLI shows and exports them. */
final class Fields {

    /** The personal fields a record may carry, in the order they are shown. */
    static final List<String> PERSONAL = List.of(LogEntry.PAGE, LogEntry.IP, LogEntry.BROWSER);

    /** Shown for a personal field erased on request. */
    static final String REDACTED = "redacted";

    private Fields() {
    }

    /** A personal field's value; empty when it was never recorded or was erased ({@link #isRedacted}). */
    static Optional<String> personal(ConsentRecord r, String field) {
        ConsentRecord.PersonalField f = r.personal().get(field);
        return f == null ? Optional.empty() : Optional.of(f.value());
    }

    /** Whether the field was recorded and later erased: its commitment stays, its value is gone. */
    static boolean isRedacted(ConsentRecord r, String field) {
        return r.commitments().containsKey(field) && !r.personal().containsKey(field);
    }

    /** The erased fields of a record, sorted. */
    static List<String> redacted(ConsentRecord r) {
        return r.commitments().keySet().stream().filter(f -> !r.personal().containsKey(f)).sorted().toList();
    }

    /**
     * Makes a value safe to print on a terminal: a log line may carry anything an attacker put in a URL, and escape
     * sequences must not reach the auditor's terminal.
     */
    static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append(String.format("\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
