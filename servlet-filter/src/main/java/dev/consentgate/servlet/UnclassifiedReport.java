package dev.consentgate.servlet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.consentgate.core.cookie.CookieClassifier;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cookie names no category covers, as the filter met them: set by the app, or sent by visitors, with how often.
 * A developer reads it to see what to classify (for admins only: visitors choose the names they send, so the report
 * can hold anything).
 *
 * <p>At most {@value #MAX_NAMES} names are kept (Caffeine, least used evicted first), since clients choose them;
 * names longer than {@value CookieClassifier#MAX_NAME_LENGTH} characters are not kept. Counts start at filter init.
 * Thread-safe.
 */
public final class UnclassifiedReport {

    /** Most names kept. */
    public static final int MAX_NAMES = 1_000;

    /**
     * One unclassified cookie name.
     *
     * @param name          the cookie name, as received: escape it before showing it
     * @param setByApp      how often the app tried to set it
     * @param sentByClients how often a visitor sent it
     */
    public record Entry(String name, long setByApp, long sentByClients) {
    }

    private record Counts(LongAdder app, LongAdder clients) {
    }

    private final Cache<String, Counts> names = Caffeine.newBuilder().maximumSize(MAX_NAMES).build();

    UnclassifiedReport() {
    }

    void setByApp(String name) {
        counts(name).ifPresent(c -> c.app().increment());
    }

    void sentByClient(String name) {
        counts(name).ifPresent(c -> c.clients().increment());
    }

    private Optional<Counts> counts(String name) {
        if (name.isEmpty() || name.length() > CookieClassifier.MAX_NAME_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(names.get(name, n -> new Counts(new LongAdder(), new LongAdder())));
    }

    /** The names, most often met first, then by name. */
    public List<Entry> entries() {
        return names.asMap().entrySet().stream()
                .map(e -> new Entry(e.getKey(), e.getValue().app().sum(), e.getValue().clients().sum()))
                .sorted(Comparator.comparingLong((Entry e) -> -(e.setByApp() + e.sentByClients()))
                        .thenComparing(Entry::name))
                .toList();
    }
}
