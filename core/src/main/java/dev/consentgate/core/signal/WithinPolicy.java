package dev.consentgate.core.signal;

import dev.consentgate.core.policy.ConsentPolicy;
import java.util.Arrays;
import java.util.Set;

/**
 * Whether a granted set holds only categories the policy defines, remembering the sets that did by identity: the
 * consent cookie codec hands out one shared set per category list, so after the first request the answer is a
 * reference comparison instead of a walk over the set. Bounded; thread-safe.
 */
final class WithinPolicy {

    private static final int MAX_REMEMBERED = 64;

    private final Set<String> categoryIds;
    private volatile Set<?>[] remembered = new Set<?>[0];

    WithinPolicy(ConsentPolicy policy) {
        this.categoryIds = policy.categoryIds();
    }

    boolean test(Set<String> granted) {
        Set<?>[] known = remembered;
        for (Set<?> s : known) {
            if (s == granted) {
                return true;
            }
        }
        if (!categoryIds.containsAll(granted)) {
            return false;
        }
        synchronized (this) {
            Set<?>[] now = remembered;
            if (now.length < MAX_REMEMBERED) {
                Set<?>[] more = Arrays.copyOf(now, now.length + 1);
                more[now.length] = granted;
                remembered = more;
            }
        }
        return true;
    }
}
