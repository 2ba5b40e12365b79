package dev.consentgate.benchmarks;

import dev.consentgate.core.catalog.CatalogEntry;
import dev.consentgate.core.catalog.CookieCatalog;
import dev.consentgate.core.catalog.OpenCookieDatabase;
import dev.consentgate.core.cookie.CookieClassifier;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cookie classification over the Open Cookie Database (2,264 rows) followed by the built-in catalog, as the filter
 * chains them: {@code cached} asks for 64 names again and again; {@code cold} asks for a million distinct names
 * (known exact names, known prefixes with random suffixes, unknown names), far more than the 10,000-name cache, so
 * nearly every call misses; {@code index} is the catalog lookup alone, without the cache.
 *
 * <pre>java -jar benchmarks/target/consentgate-benchmarks.jar ClassifierBench -f 1 -wi 2 -i 3
 *     -p file=../shared/data/open-cookie-database.csv</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ClassifierBench {

    private static final int COLD_NAMES = 1 << 20;
    private static final int HOT_NAMES = 64;

    /** The Open Cookie Database CSV; by default {@code ../shared/data/open-cookie-database.csv}. */
    @Param("../shared/data/open-cookie-database.csv")
    public String file;

    private CookieCatalog database;
    private CookieClassifier classifier;
    private String[] hot;
    private String[] cold;
    private int i;

    @Setup
    public void setup() {
        Path csv = Path.of(file);
        if (!Files.isRegularFile(csv)) {
            throw new IllegalStateException("no Open Cookie Database CSV at " + csv.toAbsolutePath()
                    + "; pass -p file=PATH");
        }
        database = OpenCookieDatabase.read(csv);
        ConsentPolicy policy = ConsentPolicy.builder()
                .category(ConsentCategory.of("preferences", "P", "P"))
                .category(ConsentCategory.of("analytics", "A", "A"))
                .category(ConsentCategory.of("advertising", "M", "M"))
                .build();
        classifier = CookieCatalog.classifier(List.of(database, CookieCatalog.builtIn()), policy);
        List<CatalogEntry> entries = database.entries();
        SplittableRandom random = new SplittableRandom(7);
        cold = new String[COLD_NAMES];
        for (int n = 0; n < COLD_NAMES; n++) {
            CatalogEntry e = entries.get(random.nextInt(entries.size()));
            cold[n] = switch (n % 3) {
                case 0 -> e.prefix() ? e.name() + n : e.name() + "_" + n; // mostly unknown: falls through all
                case 1 -> e.prefix() ? e.name() + Integer.toHexString(n) : e.name() + "x" + n;
                default -> "app_cookie_" + n;
            };
        }
        hot = new String[HOT_NAMES];
        for (int n = 0; n < HOT_NAMES; n++) {
            hot[n] = n % 2 == 0 ? entries.get(random.nextInt(entries.size())).name() : "app_cookie_" + n;
            classifier.categoryOf(hot[n]);
        }
    }

    @Benchmark
    public Optional<String> cached() {
        return classifier.categoryOf(hot[i++ & (HOT_NAMES - 1)]);
    }

    @Benchmark
    public Optional<String> cold() {
        return classifier.categoryOf(cold[i++ & (COLD_NAMES - 1)]);
    }

    @Benchmark
    public Optional<CatalogEntry> index() {
        return database.find(cold[i++ & (COLD_NAMES - 1)]);
    }
}
