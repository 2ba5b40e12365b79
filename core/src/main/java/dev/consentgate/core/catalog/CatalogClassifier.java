package dev.consentgate.core.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.consentgate.core.cookie.CookieClassifier;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Catalogs asked in order, their answers restricted to the categories a policy defines, with one cache per name
 * for all of them. The cache is bounded since clients choose the names.
 */
final class CatalogClassifier implements CookieClassifier {

    static final int CACHE_SIZE = 10_000;

    private final List<NameIndex> indexes;
    private final Set<String> categories;
    // Maintenance on the calling thread: a miss costs a little more, but never waits on a busy common pool.
    private final Cache<String, Optional<String>> cache = Caffeine.newBuilder().maximumSize(CACHE_SIZE)
            .executor(Runnable::run).build();

    CatalogClassifier(List<NameIndex> indexes, Set<String> categories) {
        this.indexes = List.copyOf(indexes);
        this.categories = Set.copyOf(categories);
    }

    @Override
    public Optional<String> categoryOf(String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.empty();
        }
        Optional<String> cached = cache.getIfPresent(name);
        if (cached != null) {
            return cached;
        }
        Optional<String> category = uncached(name);
        cache.put(name, category);
        return category;
    }

    Optional<String> uncached(String name) {
        // A known cookie of a category the policy does not define is unclassified: the app decides what to do
        // with it, as with any cookie it never listed.
        for (NameIndex index : indexes) {
            Optional<CatalogEntry> hit = index.find(name);
            if (hit.isPresent()) {
                return Optional.of(hit.get().category()).filter(categories::contains);
            }
        }
        return Optional.empty();
    }
}
