package dev.consentgate.core.cookie;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import java.util.Optional;
import java.util.Set;

/**
 * Tells which consent category a cookie name belongs to.
 *
 * <p>"Not mine, ask the next one": a classifier that does not know a name answers empty, and
 * {@link #orElse(CookieClassifier)} chains classifiers so the app's own configuration is asked before any built-in
 * catalog. Implementations must be thread-safe and cheap: the filter asks for every cookie of every request.
 */
@FunctionalInterface
public interface CookieClassifier {

    /** Names longer than this are unclassified without running any rule on them: clients choose them. */
    int MAX_NAME_LENGTH = 256;

    /** The category id of {@code cookieName}, or empty when this classifier does not know it. */
    Optional<String> categoryOf(String cookieName);

    /** This classifier, then {@code next} for names this one does not know. */
    default CookieClassifier orElse(CookieClassifier next) {
        requireNonNull(next, "next");
        return name -> {
            Optional<String> mine = categoryOf(name);
            return mine.isPresent() ? mine : next.categoryOf(name);
        };
    }

    /**
     * The rules of the policy's categories: an exact name beats the longest matching prefix, which beats the first
     * matching regex (in category order).
     */
    static CookieClassifier of(ConsentPolicy policy) {
        return new RuleClassifier(requireNonNull(policy, "policy").categories());
    }

    /** Classifies exactly the given names as {@link ConsentCategory#NECESSARY}. */
    static CookieClassifier necessary(Set<String> names) {
        Set<String> copy = Set.copyOf(requireNonNull(names, "names"));
        Optional<String> necessary = Optional.of(ConsentCategory.NECESSARY);
        return name -> copy.contains(name) ? necessary : Optional.empty();
    }
}
