package dev.consentgate.core.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.consentgate.core.cookie.CookieClassifier;
import java.util.Optional;
import java.util.Set;

/**
 * A catalog's answers restricted to the categories a policy defines, cached per name. The cache is bounded since
 * clients choose the names.
 */
final class CatalogClassifier implements CookieClassifier {

    static final int CACHE_SIZE = 10_000;

    private final NameIndex index;
    private final Set<String> categories;
    private final Cache<String, Optional<String>> cache = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();

    CatalogClassifier(NameIndex index, Set<String> categories) {
        this.index = index;
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
        return index.find(name).map(CatalogEntry::category).filter(categories::contains);
    }
}
