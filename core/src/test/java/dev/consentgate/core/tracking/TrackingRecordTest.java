package dev.consentgate.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrackingRecordTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

    @Test
    void fields_fullRecord_inFixedOrder() {
        TrackingRecord r = new TrackingRecord(NOW, "GET", Optional.of("/app/*"), 404, Duration.ofNanos(1_234_567),
                Optional.of("203.0.113.0"), Optional.of("Chrome 124 / Windows"), Optional.of("https://a.example"),
                Optional.of("/app/x"), Map.of("utm_source", "news", "gclid", "g"));

        assertThat(r.fields()).containsExactly(Map.entry("time", "2026-03-01T10:15:30Z"), Map.entry("method", "GET"),
                Map.entry("route", "/app/*"), Map.entry("status", 404), Map.entry("latencyMs", 1.234),
                Map.entry("ip", "203.0.113.0"), Map.entry("browser", "Chrome 124 / Windows"),
                Map.entry("referrer", "https://a.example"), Map.entry("path", "/app/x"),
                Map.entry("adParams", Map.of("gclid", "g", "utm_source", "news")));
        assertThat(r.adParams().keySet()).containsExactly("gclid", "utm_source");
        assertThat(r.isAnonymous()).isFalse();
    }

    @Test
    void new_controlCharacterInAField_isRejected() {
        assertThatThrownBy(() -> new TrackingRecord(NOW, "GET", Optional.empty(), 200, Duration.ZERO,
                Optional.empty(), Optional.of("a\nb"), Optional.empty(), Optional.empty(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("browser must be at most 1100 characters without control characters or line breaks");
        assertThatThrownBy(() -> new TrackingRecord(NOW, "GET", Optional.empty(), 200, Duration.ZERO,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of("utm_x", "a\rb")))
                .hasMessage("adParams value must be at most 1100 characters without control characters or line"
                        + " breaks");
    }

    @Test
    void new_badStatusOrLatency_isRejected() {
        assertThatThrownBy(() -> new TrackingRecord(NOW, "GET", Optional.empty(), 1_000, Duration.ZERO,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of()))
                .hasMessage("status must be from 0 to 999, got 1000");
        assertThatThrownBy(() -> new TrackingRecord(NOW, "GET", Optional.empty(), 200, Duration.ofMillis(-1),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of()))
                .hasMessage("latency must not be negative, got PT-0.001S");
    }
}
