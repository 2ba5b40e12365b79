package dev.consentgate.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The records a command looks at, by timestamp: from {@code from} inclusive to {@code to} exclusive; either end may
 * be open.
 */
record TimeRange(Optional<Instant> from, Optional<Instant> to) {

    static final TimeRange ALL = new TimeRange(Optional.empty(), Optional.empty());

    TimeRange {
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("from must be before to");
        }
    }

    static TimeRange parse(Optional<String> from, Optional<String> to) throws UsageException {
        Optional<Instant> f = from.isPresent() ? Optional.of(instant("--from", from.get())) : Optional.empty();
        Optional<Instant> t = to.isPresent() ? Optional.of(instant("--to", to.get())) : Optional.empty();
        if (f.isPresent() && t.isPresent() && !f.get().isBefore(t.get())) {
            throw new UsageException("--from must be before --to, got " + f.get() + " and " + t.get());
        }
        return new TimeRange(f, t);
    }

    /**
     * An instant ({@code 2026-11-25T10:00:00Z}, or with an offset such as {@code +01:00}) or a date, which means the
     * start of that day in UTC.
     */
    static Instant instant(String option, String value) throws UsageException {
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " must be an ISO-8601 instant or date such as 2026-11-25, got '"
                    + value + "'");
        }
    }

    boolean contains(Instant t) {
        return from.map(f -> !t.isBefore(f)).orElse(true) && to.map(t::isBefore).orElse(true);
    }

    /** How the range reads in a report. */
    String describe() {
        if (from.isEmpty() && to.isEmpty()) {
            return "all records";
        }
        return from.map(f -> "from " + f + " (inclusive)").orElse("")
                + (from.isPresent() && to.isPresent() ? " " : "")
                + to.map(t -> "to " + t + " (exclusive)").orElse("");
    }
}
