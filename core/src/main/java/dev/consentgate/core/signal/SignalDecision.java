package dev.consentgate.core.signal;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.consent.DecisionSource;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one {@link ConsentSource} read from a request: the categories it says are granted and those it says are
 * refused, by category id of the policy. A category in neither set is one the source says nothing about; the resolver
 * treats it as not granted.
 *
 * <p>Ids are not checked against the policy here: the {@link ConsentResolver} keeps only the policy's categories, so
 * a source can never grant a category the policy does not define.
 *
 * @param source  who decided, shown as {@code source} by {@code GET /consent}
 * @param granted category ids granted; sorted
 * @param refused category ids refused; sorted, disjoint from {@code granted}
 */
public record SignalDecision(DecisionSource source, Set<String> granted, Set<String> refused) {

    public SignalDecision {
        requireNonNull(source, "source");
        granted = Collections.unmodifiableSet(new TreeSet<>(requireNonNull(granted, "granted")));
        refused = Collections.unmodifiableSet(new TreeSet<>(requireNonNull(refused, "refused")));
        Set<String> both = new HashSet<>(granted);
        both.retainAll(refused);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("categories both granted and refused: " + new TreeSet<>(both));
        }
    }

    /** A decision that only refuses, as Global Privacy Control does. */
    public static SignalDecision refusing(DecisionSource source, Set<String> refused) {
        return new SignalDecision(source, Set.of(), refused);
    }
}
