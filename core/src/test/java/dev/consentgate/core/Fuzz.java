package dev.consentgate.core;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * What the property tests ({@code *Properties}) share: hostile input generators, mutations of valid inputs, the
 * per-input time bound, and the budget switch between the default run and {@code -Plong}.
 */
public final class Fuzz {

    /** The largest header a container accepts by default (Tomcat and Jetty: 8 KB). */
    public static final int HEADER_BYTES = 8 * 1024;
    /** Bound on the CPU time one input may take, fastest of {@link #REPEATS} runs. */
    public static final long MAX_MILLIS_PER_INPUT = 50;
    private static final int REPEATS = 3;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** Characters that mean something to some parser here: separators, quotes, escapes, brackets. */
    private static final String SYNTAX = ";,=\"'\\ \t\r\n\u0000%+.~:[]{}()!&@/?#<>*_-";

    private Fuzz() {
    }

    /** Whether this run has the long budget ({@code mvn verify -Plong}). */
    public static boolean longRun() {
        return Boolean.getBoolean("consentgate.long");
    }

    /**
     * Runs a property 100 times over under {@code -Plong}, each run with a fresh seed; register with
     * {@code @AddLifecycleHook(Fuzz.LongBudget.class)} on the class. (Setting the tries from a hook has no effect in
     * jqwik 1.10.1: the tries are read from the annotation before hooks run.)
     */
    public static final class LongBudget implements AroundPropertyHook {
        static final int LONG_FACTOR = 100;

        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.ALL_DESCENDANTS; // registered on a class, it applies to the class's properties
        }

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            PropertyExecutionResult result = property.execute();
            for (int i = 1; i < LONG_FACTOR && longRun()
                    && result.status() == PropertyExecutionResult.Status.SUCCESSFUL; i++) {
                result = property.execute();
            }
            return result;
        }
    }

    /** Any text a client could send: every char (lone surrogates too), syntax-heavy text, and text padded to 8 KB. */
    public static Arbitrary<String> hostile() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.strings().all().ofMaxLength(200)),
                net.jqwik.api.Tuple.of(3, Arbitraries.strings().withChars(SYNTAX).ascii().ofMaxLength(200)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().withChars(SYNTAX).withCharRange('\u0080', '\u3000')
                        .withChars("\u2028\u2029\u202e\ufeff\ud800\udc00").ofMaxLength(80)),
                net.jqwik.api.Tuple.of(1, padded(Arbitraries.strings().withChars(SYNTAX).alpha().numeric()
                        .ofMaxLength(40))));
    }

    /** Short texts repeated to fill an 8 KB header: the shape regex blow-ups need. */
    public static Arbitrary<String> padded(Arbitrary<String> unit) {
        return unit.filter(s -> !s.isEmpty()).map(s -> s.repeat(HEADER_BYTES / s.length() + 1)
                .substring(0, HEADER_BYTES));
    }

    /**
     * {@code valid} changed in one way: a character replaced, deleted or inserted, cut short, a range replaced by
     * hostile text, or padded to 8 KB. Never {@code valid} itself (a character replaced by itself).
     */
    public static Arbitrary<String> mutations(String valid) {
        Arbitrary<Integer> op = Arbitraries.integers().between(0, 5);
        Arbitrary<Integer> at = Arbitraries.integers().between(0, Math.max(0, valid.length() - 1));
        Arbitrary<Integer> span = Arbitraries.integers().between(1, 16);
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().withChars(SYNTAX).alpha().numeric().ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(4));
        return Combinators.combine(op, at, span, text).as((o, i, n, t) -> switch (o) {
            case 0 -> valid.substring(0, i) + t.charAt(0) + valid.substring(Math.min(valid.length(), i + 1));
            case 1 -> valid.substring(0, i) + valid.substring(Math.min(valid.length(), i + 1));
            case 2 -> valid.substring(0, i) + t + valid.substring(i);
            case 3 -> valid.substring(0, i);
            case 4 -> valid.substring(0, i) + t + valid.substring(Math.min(valid.length(), i + n));
            default -> (valid + t.repeat(HEADER_BYTES / t.length() + 1)).substring(0, HEADER_BYTES);
        }).filter(m -> !m.equals(valid)); // replacing a character by itself is no mutation
    }

    /**
     * Runs {@code work} a few times and fails when even the fastest run took {@value #MAX_MILLIS_PER_INPUT} ms of
     * this thread's CPU time or more: a parser whose cost grows with the input's shape (a regex that backtracks) is
     * slow every time, a GC pause only once. CPU time rather than wall-clock time, because on a shared machine
     * (load 20 on 2 cores here) a 3 ms parse can take 60 ms of wall-clock time three times in a row.
     */
    public static void assertFast(String what, Runnable work) {
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < REPEATS; i++) {
            long start = CPU.getCurrentThreadCpuTime();
            work.run();
            fastest = Math.min(fastest, CPU.getCurrentThreadCpuTime() - start);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(fastest);
        if (millis >= MAX_MILLIS_PER_INPUT) {
            throw new AssertionError(what + " took " + millis + " ms of CPU time, over the bound of "
                    + MAX_MILLIS_PER_INPUT + " ms per input");
        }
    }
}
