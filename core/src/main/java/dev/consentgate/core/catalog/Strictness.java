package dev.consentgate.core.catalog;

import java.util.Map;

/**
 * Which of two categories is stricter, for a name listed twice: advertising, then analytics, then any category of
 * the app's own, then preferences, then necessary. The stricter category is refused more often, so choosing it
 * fails closed.
 */
final class Strictness {

    private static final Map<String, Integer> RANK = Map.of("necessary", 0, "preferences", 1, "analytics", 3,
            "advertising", 4);
    private static final int OTHER = 2;

    private Strictness() {
    }

    static String stricter(String a, String b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(String category) {
        return RANK.getOrDefault(category, OTHER);
    }
}
