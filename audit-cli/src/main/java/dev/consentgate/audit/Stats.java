package dev.consentgate.audit;

import dev.consentgate.core.log.ConsentRecord;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts decisions for {@code stats}: per UTC day and action, and per category how often it was granted among the
 * decisions that offered it (granted or refused). Memory grows with days and categories, not records. Not
 * thread-safe.
 */
final class Stats {

    /** The actions counted on their own; anything else ({@code expire}, {@code renew}, …) is {@code other}. */
    static final List<String> ACTIONS = List.of("accept-all", "reject-all", "custom", "withdraw", "other");

    private final TreeMap<LocalDate, long[]> days = new TreeMap<>();
    private final TreeMap<String, long[]> categories = new TreeMap<>();
    private final long[] actions = new long[ACTIONS.size()];
    private long total;

    /** One day's decisions by action, in {@link #ACTIONS} order. */
    record Day(LocalDate date, List<Long> byAction) {
        Day {
            byAction = List.copyOf(byAction);
        }

        long total() {
            return byAction.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** How often a category was granted, of the decisions that offered it. */
    record Category(String id, long granted, long decided) {
        double rate() {
            return decided == 0 ? 0 : (double) granted / decided;
        }
    }

    void add(ConsentRecord r) {
        int a = ACTIONS.indexOf(r.action());
        int action = a < 0 ? ACTIONS.size() - 1 : a;
        days.computeIfAbsent(LocalDate.ofInstant(r.timestamp(), ZoneOffset.UTC), d -> new long[ACTIONS.size()])
                [action]++;
        actions[action]++;
        total++;
        for (String c : r.granted()) {
            long[] n = categories.computeIfAbsent(c, k -> new long[2]);
            n[0]++;
            n[1]++;
        }
        for (String c : r.refused()) {
            if (!r.granted().contains(c)) {
                categories.computeIfAbsent(c, k -> new long[2])[1]++;
            }
        }
    }

    long total() {
        return total;
    }

    /** Every day from the first decision's to the last's, days without decisions included. */
    List<Day> days() {
        List<Day> out = new ArrayList<>();
        if (days.isEmpty()) {
            return out;
        }
        for (LocalDate d = days.firstKey(); !d.isAfter(days.lastKey()); d = d.plusDays(1)) {
            long[] n = days.getOrDefault(d, new long[ACTIONS.size()]);
            out.add(new Day(d, Arrays.stream(n).boxed().toList()));
        }
        return out;
    }

    /** Decisions per action, in {@link #ACTIONS} order. */
    Map<String, Long> actions() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < ACTIONS.size(); i++) {
            out.put(ACTIONS.get(i), actions[i]);
        }
        return out;
    }

    /** Categories by id. */
    List<Category> categories() {
        return categories.entrySet().stream().map(e -> new Category(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .toList();
    }
}
