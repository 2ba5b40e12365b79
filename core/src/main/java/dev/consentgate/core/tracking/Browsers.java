package dev.consentgate.core.tracking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import ua_parser.OS;
import ua_parser.Parser;
import ua_parser.UserAgent;

/**
 * Reduces a {@code User-Agent} to browser family, major version and OS family ({@code Chrome 124 / Windows}) with
 * ua-parser's maintained rules.
 *
 * <p>Parsing is costly and the input is the client's: measured here, a real user agent takes about 0.8 ms to parse
 * (browser and OS rules only; the much larger device rules are never run) and 256 characters of junk that no rule
 * matches about 3.5 ms. So results are cached (bounded, keyed by the cut user agent), only the first
 * {@value #MAX_PARSED} characters are parsed, and at most {@value #PARSES_PER_SECOND} new user agents are parsed per
 * second (bursts of as many): past that budget the field is left out, so that a client sending a new junk user
 * agent with every request cannot make the filter spend more than about a third of a core on it.
 *
 * <p>Thread-safe: the rules are immutable, the cache is Caffeine's and the budget lock-free.
 */
final class Browsers {

    /** User agents are cut to this many characters before parsing, which bounds the regexes' work. */
    static final int MAX_PARSED = 256;
    static final int CACHE_SIZE = 4_096;
    static final int PARSES_PER_SECOND = 100;
    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(1) / PARSES_PER_SECOND;
    private static final long BURST = INTERVAL * PARSES_PER_SECOND;

    private final Cache<String, String> cache = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();
    // Loaded when the first instance is made (at filter init), so that no visitor waits for the rules.
    private final Parser parser = Rules.PARSER;
    private final LongSupplier nanoTime;
    /** Generic cell rate algorithm: the time at which the budget would be back to full. */
    private final AtomicLong full;

    Browsers() {
        this(System::nanoTime);
    }

    Browsers(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.full = new AtomicLong(nanoTime.getAsLong());
    }

    /** {@code Family Major / OS family}, ua-parser's {@code Other} where it knows none; empty past the budget. */
    Optional<String> family(String userAgent) {
        String key = LogSafe.clean(userAgent, MAX_PARSED);
        String known = cache.getIfPresent(key);
        if (known != null) {
            return Optional.of(known);
        }
        return takeBudget() ? Optional.of(cache.get(key, this::parse)) : Optional.empty();
    }

    private boolean takeBudget() {
        while (true) {
            long now = nanoTime.getAsLong();
            long current = full.get();
            long next = Math.max(current, now) + INTERVAL;
            if (next - now > BURST) {
                return false;
            }
            if (full.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    private String parse(String userAgent) {
        UserAgent browser = parser.parseUserAgent(userAgent);
        OS os = parser.parseOS(userAgent);
        StringBuilder text = new StringBuilder(browser.family);
        if (browser.major != null && !browser.major.isEmpty()) {
            text.append(' ').append(browser.major);
        }
        text.append(" / ").append(os.family);
        // Families can quote parts of the user agent through the rules' capture groups.
        return LogSafe.clean(text.toString(), 128);
    }

    /** Holds the rule set, loaded once per class loader on first use. */
    private static final class Rules {
        static final Parser PARSER = new Parser();
    }
}
