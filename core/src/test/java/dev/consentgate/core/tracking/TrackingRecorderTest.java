package dev.consentgate.core.tracking;

import static dev.consentgate.core.tracking.BrowsersTest.CHROME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.consent.DecisionSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackingRecorderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    private static final TrackingConfig CONFIG = TrackingConfig.builder().trustedProxies(List.of("10.0.0.0/8"))
            .build();

    static ConsentState granting(String... categories) {
        return ConsentState.decided(UUID.randomUUID(), Set.of(categories), 1, NOW, NOW.plus(Duration.ofDays(1)),
                DecisionSource.COOKIE);
    }

    static TrackedRequest.Builder request() {
        return TrackedRequest.builder().time(NOW).method("GET").path("/shop/basket;jsessionid=ABC123/items")
                .query("q=secret&utm_source=news&gclid=Cj0K").route("/shop/*").peerAddress("10.0.0.1")
                .forwardedFor(List.of("203.0.113.77")).userAgent(CHROME)
                .referer("https://www.google.com/search?q=my+illness").status(200).latency(Duration.ofMillis(12));
    }

    private static TrackingRecord record(TrackingConfig config, ConsentState consent) {
        return TrackingRecorder.create(config, r -> { }).toRecord(request().build(), consent);
    }

    @Test
    void toRecord_undecided_holdsNothingPersonal() {
        TrackingRecord r = record(CONFIG, ConsentState.undecided(1));

        assertThat(r.isAnonymous()).isTrue();
        assertThat(r.fields()).containsOnlyKeys("time", "method", "route", "status", "latencyMs");
        assertThat(r.fields()).containsEntry("time", "2026-03-01T10:15:30Z").containsEntry("method", "GET")
                .containsEntry("route", "/shop/*").containsEntry("status", 200).containsEntry("latencyMs", 12.0);
    }

    @Test
    void toRecord_analyticsGranted_keepsMinimisedAnalyticsFields() {
        TrackingRecord r = record(CONFIG, granting("analytics"));

        assertThat(r.ip()).hasValue("203.0.113.0");
        assertThat(r.browser()).hasValue("Chrome 124 / Windows");
        assertThat(r.referrer()).hasValue("https://www.google.com");
        assertThat(r.path()).hasValue("/shop/basket/items");
        assertThat(r.adParams()).isEmpty();
    }

    @Test
    void toRecord_advertisingGranted_keepsAdParamsOnly() {
        TrackingRecord r = record(CONFIG, granting("advertising"));

        assertThat(r.adParams()).containsExactly(Map.entry("gclid", "Cj0K"), Map.entry("utm_source", "news"));
        assertThat(r.ip()).isEmpty();
        assertThat(r.browser()).isEmpty();
        assertThat(r.referrer()).isEmpty();
        assertThat(r.path()).isEmpty();
    }

    @Test
    void toRecord_fieldMappedToOtherCategory_followsTheMapping() {
        TrackingConfig config = CONFIG.toBuilder().field(TrackingField.IP, "security")
                .field(TrackingField.PATH, "necessary").build();

        TrackingRecord undecided = record(config, ConsentState.undecided(1));
        TrackingRecord analytics = record(config, granting("analytics"));
        TrackingRecord security = record(config, granting("security"));

        assertThat(undecided.path()).hasValue("/shop/basket/items");
        assertThat(undecided.ip()).isEmpty();
        assertThat(analytics.ip()).isEmpty();
        assertThat(security.ip()).hasValue("203.0.113.0");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
        "truncated, 198.51.100.23,           198.51.100.0",
        "truncated, 2001:db8:abcd:12::1,     2001:db8:abcd::",
        "truncated, ::ffff:198.51.100.23,    198.51.100.0",
        "truncated, garbage,                 -",
        "full,      198.51.100.23,           198.51.100.23",
        "full,      2001:DB8:ABCD:12:0:0:0:1, 2001:db8:abcd:12::1",
        "none,      198.51.100.23,           -",
    })
    void toRecord_ipMode_minimisesThePeerAddress(String mode, String peer, String expected) {
        TrackingConfig config = TrackingConfig.builder().ip(IpMode.valueOf(mode.toUpperCase(Locale.ROOT))).build();

        TrackingRecord r = TrackingRecorder.create(config, x -> { })
                .toRecord(request().peerAddress(peer).build(), granting("analytics"));

        assertThat(r.ip()).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void toRecord_forgedForwardedForFromUntrustedPeer_keepsThePeer() {
        TrackingRecord r = TrackingRecorder.create(TrackingConfig.defaults(), x -> { })
                .toRecord(request().peerAddress("198.51.100.23").forwardedFor(List.of("6.6.6.6")).build(),
                        granting("analytics"));

        assertThat(r.ip()).hasValue("198.51.100.0");
    }

    @Test
    void toRecord_forwardedHeaderConfigured_readsForwarded() {
        TrackingConfig config = CONFIG.toBuilder().clientIpHeader(ClientIpHeader.FORWARDED).build();

        TrackingRecord r = TrackingRecorder.create(config, x -> { }).toRecord(request()
                .forwarded(List.of("for=\"[2001:db8:cafe::17]:4711\"")).build(), granting("analytics"));

        assertThat(r.ip()).hasValue("2001:db8:cafe::");
    }

    @Test
    void toRecord_rawModes_keepCleanedValues() {
        TrackingConfig config = CONFIG.toBuilder().browser(BrowserMode.RAW).referrer(ReferrerMode.FULL).build();

        TrackingRecord r = TrackingRecorder.create(config, x -> { }).toRecord(request()
                .userAgent("Evil\r\n{\"ip\":\"6.6.6.6\"}").referer("https://a.example/?q=1").build(),
                granting("analytics"));

        assertThat(r.browser()).hasValue("Evil??{\"ip\":\"6.6.6.6\"}");
        assertThat(r.referrer()).hasValue("https://a.example/?q=1");
    }

    @Test
    void toRecord_noneModes_leaveFieldsOut() {
        TrackingConfig config = CONFIG.toBuilder().browser(BrowserMode.NONE).referrer(ReferrerMode.NONE)
                .ip(IpMode.NONE).build();

        TrackingRecord r = record(config, granting("analytics"));

        assertThat(r.ip()).isEmpty();
        assertThat(r.browser()).isEmpty();
        assertThat(r.referrer()).isEmpty();
        assertThat(r.path()).isPresent();
    }

    @Test
    void toRecord_missingOrBlankHeaders_leaveFieldsOut() {
        TrackingRecord r = TrackingRecorder.create(CONFIG, x -> { }).toRecord(request().userAgent(" ")
                .referer(null).query(null).build(), granting("analytics", "advertising"));

        assertThat(r.browser()).isEmpty();
        assertThat(r.referrer()).isEmpty();
        assertThat(r.adParams()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/a/b                          | /a/b",
        "/a;jsessionid=XYZ             | /a",
        "/a;v=1/b;x/c                  | /a/b/c",
        "/a%0D%0A%7B%7D                | /a%0D%0A%7B%7D",
        "/a?q=1                        | /a",
    })
    void path_pathParametersAndQuery_areDropped(String path, String expected) {
        assertThat(TrackingRecorder.path(path)).isEqualTo(expected);
    }

    @Test
    void path_controlCharactersAndLength_areCleanedAndCut() {
        assertThat(TrackingRecorder.path("/a\r\nb")).isEqualTo("/a??b");
        assertThat(TrackingRecorder.path("/" + "a".repeat(2_000)))
                .hasSize(TrackingRecorder.MAX_PATH + LogSafe.CUT.length());
    }

    @Test
    void toRecord_methodAndRouteFromClientOrApp_areCleaned() {
        TrackingRecord r = TrackingRecorder.create(CONFIG, x -> { }).toRecord(request().method("GET\r\nX")
                .route("/r\n").status(1_000).latency(Duration.ofMillis(-1)).build(), ConsentState.undecided(1));

        assertThat(r.method()).isEqualTo("GET??X");
        assertThat(r.route()).hasValue("/r?");
        assertThat(r.status()).isEqualTo(999);
        assertThat(r.latency()).isZero();
    }

    @Test
    void track_writesTheRecordToTheSink() {
        List<TrackingRecord> written = new ArrayList<>();

        TrackingRecorder.create(CONFIG, written::add).track(request().build(), granting("analytics"));

        assertThat(written).singleElement().satisfies(r -> assertThat(r.ip()).hasValue("203.0.113.0"));
    }

    @Test
    void track_userAgentWithCrLfAndFakeRecord_staysOneJsonLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tracking.jsonl");
        TrackingConfig config = CONFIG.toBuilder().browser(BrowserMode.RAW).referrer(ReferrerMode.FULL).build();
        String fake = "\r\n{\"ip\":\"6.6.6.6\",\"browser\":\"forged\"}\r\n";

        TrackingRecorder.create(config, TrackingSink.jsonLines(file)).track(request().userAgent("Evil" + fake)
                .referer("https://a.example/" + fake).build(), granting("analytics"));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).singleElement().asString().contains("\"ip\":\"203.0.113.0\"",
                "\"browser\":\"Evil??{\\\"ip\\\":\\\"6.6.6.6\\\",\\\"browser\\\":\\\"forged\\\"}\"");
    }

    @Test
    void track_failingSink_doesNotThrow() {
        TrackingRecorder failing = TrackingRecorder.create(CONFIG, r -> {
            throw new IOException("disk full");
        });
        TrackingRecorder broken = TrackingRecorder.create(CONFIG, r -> {
            throw new IllegalStateException("bug");
        });

        failing.track(request().build(), granting("analytics"));
        failing.track(request().build(), granting("analytics"));
        broken.track(request().build(), granting("analytics"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "/static/app.css,  false",
        "/static,          true",
        "/favicon.ico,     false",
        "/shop,            true",
    })
    void tracks_skipPaths_arePrefixes(String path, boolean expected) {
        TrackingRecorder recorder = TrackingRecorder.create(TrackingConfig.builder()
                .skipPaths(List.of("/static/", "/favicon.ico")).build(), r -> { });

        assertThat(recorder.tracks(path)).isEqualTo(expected);
    }

    @Test
    void tracks_disabled_isFalse() {
        TrackingRecorder recorder = TrackingRecorder.create(TrackingConfig.builder().enabled(false).build(),
                r -> { });

        assertThat(recorder.tracks("/")).isFalse();
    }
}
