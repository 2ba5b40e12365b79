package dev.consentgate.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run settings of the filter's hot-path benchmarks ({@link ResolveBench}, {@link ResponseWrapperBench},
 * {@link TrackingBench}), in one place so that their figures stay comparable: JMH reads these annotations from a
 * benchmark's superclass. Nanoseconds per operation, two forks, 3 × 1 s warm-up, 5 × 1 s measurement; the command
 * line overrides any of them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
abstract class HotPathBench {
}
