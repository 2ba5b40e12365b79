package dev.consentgate.core.cookie;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.core.policy.UnclassifiedCookies;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for a cookie name and a consent state, whether the cookie may be set or seen, and whether a cookie a
 * visitor still carries must be expired.
 *
 * <p>A classified cookie is allowed when its category is granted. An unclassified one follows the policy's
 * {@link UnclassifiedCookies} rule and is never expired: it may be the app's own, or another consent manager's.
 *
 * <p>Immutable and thread-safe.
 */
public final class CookieAccess {

    private final CookieClassifier classifier;
    private final Set<String> categoryIds;
    private final UnclassifiedCookies unclassified;

    private CookieAccess(CookieClassifier classifier, Set<String> categoryIds, UnclassifiedCookies unclassified) {
        this.classifier = classifier;
        this.categoryIds = Set.copyOf(categoryIds);
        this.unclassified = unclassified;
    }

    /**
     * Access rules for {@code policy}, classifying names with {@code classifier} (which should already put the
     * session and consent cookies under necessary).
     */
    public static CookieAccess of(ConsentPolicy policy, CookieClassifier classifier) {
        requireNonNull(policy, "policy");
        return new CookieAccess(requireNonNull(classifier, "classifier"), policy.categoryIds(),
                policy.unclassifiedCookies());
    }

    /** The category of the cookie, or empty when unclassified. */
    public Optional<String> categoryOf(String name) {
        return classifier.categoryOf(name);
    }

    /** Whether a cookie of this name may be set or seen under {@code state}. */
    public boolean isAllowed(String name, ConsentState state) {
        Optional<String> category = classifier.categoryOf(name);
        if (category.isPresent()) {
            return state.isGranted(category.get());
        }
        return switch (unclassified) {
            case ALLOW -> true;
            case BLOCK -> false;
            case ALLOW_WHEN_ALL_GRANTED -> state.isGrantedAll(categoryIds);
        };
    }

    /** Whether a cookie the visitor carries must be expired: it is classified and its category is not granted. */
    public boolean mustExpire(String name, ConsentState state) {
        Optional<String> category = classifier.categoryOf(name);
        return category.isPresent() && !state.isGranted(category.get());
    }
}
