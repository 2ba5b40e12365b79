package dev.consentgate.benchmarks;

import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.consent.DecisionSource;
import dev.consentgate.core.tracking.TrackedRequest;
import dev.consentgate.core.tracking.TrackingConfig;
import dev.consentgate.core.tracking.TrackingRecord;
import dev.consentgate.core.tracking.TrackingRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Building a tracking record from a finished request with the default tracking configuration (IP truncated, browser
 * as family from ua-parser behind its cache, referrer origin, path, ad parameters): {@code allGranted} looks at
 * every field, {@code necessaryOnly} at none of the personal ones. The baseline, {@code baselineTrackedRequest}, is
 * building the {@link TrackedRequest} itself, which the filter does for every tracked request anyway.
 *
 * <pre>java -jar benchmarks/target/consentgate-benchmarks.jar TrackingBench -f 2 -wi 3 -i 5 -prof gc</pre>
 */
@State(Scope.Thread)
public class TrackingBench extends HotPathBench {

    private static final String USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, "
            + "like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private TrackingRecorder recorder;
    private TrackedRequest request;
    private ConsentState all;
    private ConsentState necessary;
    private Instant time;

    @Setup
    public void setup() {
        recorder = TrackingRecorder.create(TrackingConfig.defaults(), record -> { });
        time = Instant.parse("2026-11-25T12:00:00.123Z");
        request = build();
        Instant now = Instant.now();
        all = ConsentState.decided(UUID.randomUUID(), Set.of("analytics", "advertising", "preferences"), 1, now,
                now.plus(Duration.ofDays(365)), DecisionSource.COOKIE);
        necessary = ConsentState.undecided(1);
        recorder.toRecord(request, all); // ua-parser's rules and the user-agent cache warm
    }

    private TrackedRequest build() {
        return TrackedRequest.builder()
                .time(time)
                .method("GET")
                .path("/shop/product/42;jsessionid=node0abc")
                .query("utm_source=newsletter&utm_medium=email&gclid=Cj0KCQiA&page=2")
                .route("/shop/product/{id}")
                .peerAddress("203.0.113.77")
                .forwardedFor(List.of())
                .forwarded(List.of())
                .userAgent(USER_AGENT)
                .referer("https://www.example.org/search?q=private+words")
                .status(200)
                .latency(Duration.ofNanos(1_234_567))
                .build();
    }

    @Benchmark
    public TrackingRecord allGranted() {
        return recorder.toRecord(request, all);
    }

    @Benchmark
    public TrackingRecord necessaryOnly() {
        return recorder.toRecord(request, necessary);
    }

    @Benchmark
    public TrackedRequest baselineTrackedRequest() {
        return build();
    }
}
