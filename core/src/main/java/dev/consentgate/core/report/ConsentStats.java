package dev.consentgate.core.report;

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
 * Consent decisions counted for an auditor: per UTC day and action, and per category how often it was granted among
 * the decisions that offered it (granted or refused). Feed records with {@link #add}; memory grows with days and
 * categories, not records. Not thread-safe.
 */
public final class ConsentStats {

    /** The actions counted on their own; anything else ({@code expire}, {@code renew}, …) is {@code other}. */
    public static final List<String> ACTIONS = List.of("accept-all", "reject-all", "custom", "withdraw", "other");

    private final TreeMap<LocalDate, long[]> days = new TreeMap<>();
    private final TreeMap<String, long[]> categories = new TreeMap<>();
    private final long[] actions = new long[ACTIONS.size()];
    private long total;

    /** One day's decisions by action, in {@link #ACTIONS} order. */
    public record Day(LocalDate date, List<Long> byAction) {
        public Day {
            byAction = List.copyOf(byAction);
        }

        /** All of the day's decisions. */
        public long total() {
            return byAction.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** How often a category was granted, of the decisions that offered it. */
    public record Category(String id, long granted, long decided) {
        /** The share of decisions that granted it, 0 to 1. */
        public double rate() {
            return decided == 0 ? 0 : (double) granted / decided;
        }

        /** The rate as a percentage with one decimal, such as {@code 62.5%}. */
        public static String percent(double share) {
            return String.format(java.util.Locale.ROOT, "%.1f%%", share * 100);
        }
    }

    public void add(ConsentRecord r) {
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

    public long total() {
        return total;
    }

    /** Every day from the first decision's to the last's, days without decisions included. */
    public List<Day> days() {
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
    public Map<String, Long> actions() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < ACTIONS.size(); i++) {
            out.put(ACTIONS.get(i), actions[i]);
        }
        return out;
    }

    /** Categories by id. */
    public List<Category> categories() {
        return categories.entrySet().stream().map(e -> new Category(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .toList();
    }
}
