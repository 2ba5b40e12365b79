package dev.consentgate.benchmarks;

import java.util.Arrays;

/** Latency samples of one run, in nanoseconds; thread-confined until merged. */
final class Latencies {

    private long[] samples = new long[1 << 16];
    private int size;

    void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies p : parts) {
            for (int i = 0; i < p.size; i++) {
                all.add(p.samples[i]);
            }
        }
        Arrays.sort(all.samples, 0, all.size);
        return all;
    }

    int count() {
        return size;
    }

    /** The {@code q} quantile in milliseconds (samples must be merged, hence sorted). */
    double millis(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(size - 1, Math.ceil(q * size) - 1);
        return samples[Math.max(0, i)] / 1e6;
    }
}
