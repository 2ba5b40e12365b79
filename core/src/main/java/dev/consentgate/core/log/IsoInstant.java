package dev.consentgate.core.log;

import java.time.Instant;

/**
 * Writes an {@link Instant} exactly as {@link Instant#toString()} does, without its formatter: that formatter builds
 * a {@code LocalDateTime} and a print context per call, and was the largest single cost of preparing a record (two
 * instants each). Years outside 0000–9999, which {@code toString} writes with a sign, go to {@code toString}.
 */
final class IsoInstant {

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in epoch seconds. */
    private static final long MIN = -62_167_219_200L;
    private static final long LIMIT = 253_402_300_800L;

    private IsoInstant() {
    }

    static void append(Instant t, StringBuilder out) {
        long seconds = t.getEpochSecond();
        if (seconds < MIN || seconds >= LIMIT) {
            out.append(t);
            return;
        }
        long day = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        // Days to a civil date (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
        long z = day + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int dayOfMonth = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        digits(out, (int) year, 4).append('-');
        digits(out, month, 2).append('-');
        digits(out, dayOfMonth, 2).append('T');
        digits(out, secondOfDay / 3_600, 2).append(':');
        digits(out, secondOfDay / 60 % 60, 2).append(':');
        digits(out, secondOfDay % 60, 2);
        int nano = t.getNano();
        if (nano != 0) {
            // As ISO_INSTANT: as many digits as needed, in groups of three.
            out.append('.');
            if (nano % 1_000_000 == 0) {
                digits(out, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(out, nano / 1_000, 6);
            } else {
                digits(out, nano, 9);
            }
        }
        out.append('Z');
    }

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** {@code value} in {@code width} digits, zero-padded; appended, not set in place (each setCharAt checks). */
    private static StringBuilder digits(StringBuilder out, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            out.append((char) ('0' + value / POWERS[i] % 10));
        }
        return out;
    }
}
