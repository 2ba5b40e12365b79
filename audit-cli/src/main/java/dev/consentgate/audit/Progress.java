package dev.consentgate.audit;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Tells on stderr how far a long walk has got: on a terminal a counter rewritten in place, elsewhere (a CI log, a
 * file) one line every {@code every} records. Short walks print nothing.
 */
final class Progress {

    static final long EVERY = 100_000;

    private final PrintStream err;
    private final boolean terminal;
    private final long every;
    private final long started = System.nanoTime();
    private long count;
    private boolean shown;
    private int width;

    Progress(PrintStream err, boolean terminal, long every) {
        this.err = err;
        this.terminal = terminal;
        this.every = every;
    }

    /**
     * Notes that {@code done} records are verified. Verification reports in batches, so a line is printed whenever
     * the count passes another multiple of the interval (a tenth of it on a terminal).
     */
    void advance(long done) {
        long step = terminal ? Math.max(1, every / 10) : every;
        boolean passed = done / step > count / step && done >= (terminal ? every : step);
        count = done;
        if (!passed) {
            return;
        }
        if (terminal) {
            String counter = "verifying: " + count + " records";
            err.print("\r" + counter);
            err.flush();
            width = counter.length();
        } else {
            err.println("verifying: " + count + " records");
        }
        shown = true;
    }

    /** Ends the counter; after a long walk, says how long it took. */
    void done() {
        if (!shown) {
            return;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (terminal) {
            err.print("\r" + " ".repeat(width) + "\r");
        }
        err.println(String.format(Locale.ROOT, "verified %d records in %.1f s (%.0f records/s)", count, seconds,
                count / Math.max(seconds, 1e-9)));
    }
}
