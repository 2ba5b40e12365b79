package dev.consentgate.core.cookie;

import dev.consentgate.core.policy.ConsentCategory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Exact names, then the longest prefix, then regexes. Prefixes are looked up by length, longest first, in a hash
 * map, so the cost grows with the number of distinct prefix lengths, not with the number of prefixes.
 */
final class RuleClassifier implements CookieClassifier {

    private record Rule(Pattern pattern, Optional<String> category) {
    }

    private final Map<String, Optional<String>> exact = new HashMap<>();
    private final Map<String, Optional<String>> prefixes = new HashMap<>();
    private final int[] prefixLengthsLongestFirst;
    private final List<Rule> patterns = new ArrayList<>();

    RuleClassifier(List<ConsentCategory> categories) {
        TreeSet<Integer> lengths = new TreeSet<>();
        for (ConsentCategory c : categories) {
            Optional<String> id = Optional.of(c.id());
            c.cookies().names().forEach(n -> exact.putIfAbsent(n, id));
            for (String p : c.cookies().prefixes()) {
                prefixes.putIfAbsent(p, id);
                lengths.add(p.length());
            }
            c.cookies().patterns().forEach(p -> patterns.add(new Rule(p, id)));
        }
        prefixLengthsLongestFirst = lengths.descendingSet().stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public Optional<String> categoryOf(String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.empty();
        }
        Optional<String> hit = exact.get(name);
        if (hit != null) {
            return hit;
        }
        for (int length : prefixLengthsLongestFirst) {
            if (length <= name.length()) {
                hit = prefixes.get(name.substring(0, length));
                if (hit != null) {
                    return hit;
                }
            }
        }
        for (Rule rule : patterns) {
            if (rule.pattern().matcher(name).matches()) {
                return rule.category();
            }
        }
        return Optional.empty();
    }
}
