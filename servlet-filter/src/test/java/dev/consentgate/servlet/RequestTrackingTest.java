package dev.consentgate.servlet;

import static dev.consentgate.servlet.TestSite.consentCookie;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.tracking.BrowserMode;
import dev.consentgate.core.tracking.TrackingConfig;
import dev.consentgate.core.tracking.TrackingRecord;
import dev.consentgate.core.tracking.TrackingSink;
import dev.consentgate.servlet.TestSite.Container;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The tracking records the filter emits in front of a real Jetty app, over real HTTP. */
@ParameterizedClass(name = "on {0}")
@EnumSource(Container.class)
class RequestTrackingTest {

    @Parameter
    private Container container;

    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like"
            + " Gecko) Chrome/124.0.0.0 Safari/537.36";
    private static final String[] VISITOR = {"User-Agent", CHROME, "Referer",
        "https://www.google.com/search?q=my+illness", "X-Forwarded-For", "203.0.113.77"};

    private final BlockingQueue<TrackingRecord> records = new LinkedBlockingQueue<>();

    private TestSite site(UnaryOperator<TrackingConfig.Builder> tracking) throws Exception {
        return site(tracking, records::add);
    }

    private TestSite site(UnaryOperator<TrackingConfig.Builder> tracking, TrackingSink sink) throws Exception {
        return new TestSite(container, ConsentFilter.builder()
                .config(TestSite.config().tracking(tracking.apply(TrackingConfig.builder()).build()).build())
                .trackingSink(sink).build());
    }

    private static String grant(TestSite site, String categories) throws Exception {
        return consentCookie(site.post("/consent", "application/json", "{\"granted\":[" + categories + "]}"));
    }

    /** The next record; records are written once the response is complete, which may follow the answer. */
    private TrackingRecord next() throws InterruptedException {
        TrackingRecord r = records.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("a tracking record").isNotNull();
        return r;
    }

    private void assertNoMoreRecords() throws InterruptedException {
        assertThat(records.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    private static List<String> with(String[] headers, String... more) {
        List<String> all = new ArrayList<>(List.of(headers));
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void get_noConsent_recordHoldsNothingPersonal() throws Exception {
        try (TestSite site = site(t -> t.trustedProxies(List.of("127.0.0.0/8")))) {
            site.get("/app/echo?utm_source=news&gclid=abc", VISITOR);

            TrackingRecord r = next();
            assertThat(r.fields()).containsOnlyKeys("time", "method", "route", "status", "latencyMs");
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.route()).hasValue("/app/*");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.latency()).isPositive();
            assertNoMoreRecords();
        }
    }

    @Test
    void get_analyticsGranted_recordHoldsMinimisedAnalyticsFields() throws Exception {
        try (TestSite site = site(t -> t.trustedProxies(List.of("127.0.0.0/8")))) {
            String consent = grant(site, "\"analytics\"");

            site.get("/app/echo;jsessionid=ABC?q=secret&utm_source=news",
                    with(VISITOR, "Cookie", consent).toArray(String[]::new));

            TrackingRecord r = next();
            assertThat(r.ip()).hasValue("203.0.113.0");
            assertThat(r.browser()).hasValue("Chrome 124 / Windows");
            assertThat(r.referrer()).hasValue("https://www.google.com");
            assertThat(r.path()).hasValue("/app/echo");
            assertThat(r.adParams()).isEmpty();
            assertNoMoreRecords();
        }
    }

    @Test
    void get_advertisingGranted_recordHoldsAdParamsOnly() throws Exception {
        try (TestSite site = site(t -> t)) {
            String consent = grant(site, "\"advertising\"");

            site.get("/app/echo?q=secret&utm_source=news&fbclid=IwAR", with(VISITOR, "Cookie", consent)
                    .toArray(String[]::new));

            TrackingRecord r = next();
            assertThat(r.adParams()).isEqualTo(Map.of("fbclid", "IwAR", "utm_source", "news"));
            assertThat(r.ip()).isEmpty();
            assertThat(r.path()).isEmpty();
        }
    }

    @Test
    void get_forwardedForFromUntrustedPeer_isIgnored() throws Exception {
        try (TestSite site = site(t -> t.trustedProxies(List.of("10.0.0.0/8")))) {
            String consent = grant(site, "\"analytics\"");

            site.get("/app/echo", with(VISITOR, "Cookie", consent).toArray(String[]::new));

            assertThat(next().ip()).hasValue("127.0.0.0");
        }
    }

    @Test
    void consentEndpoint_isNotRecorded() throws Exception {
        try (TestSite site = site(t -> t)) {
            site.get("/consent");
            grant(site, "\"analytics\"");
            site.delete("/consent");

            assertNoMoreRecords();
        }
    }

    @Test
    void skipPaths_areNotRecorded() throws Exception {
        try (TestSite site = site(t -> t.skipPaths(List.of("/app/set-", "/app/echo")))) {
            site.get("/app/set-all");
            site.get("/app/echo");
            site.get("/app/redirect");

            assertThat(next().route()).hasValue("/app/*");
            assertNoMoreRecords();
        }
    }

    @Test
    void disabled_recordsNothing() throws Exception {
        try (TestSite site = site(t -> t.enabled(false))) {
            site.get("/app/echo");

            assertNoMoreRecords();
        }
    }

    @Test
    void errorsAndRedirects_recordTheirStatusOnce() throws Exception {
        try (TestSite site = site(t -> t)) {
            assertThat(site.get("/app/error").statusCode()).isEqualTo(500);
            assertThat(next().status()).isEqualTo(500);
            assertThat(site.get("/app/missing").statusCode()).isEqualTo(404);
            assertThat(next().status()).isEqualTo(404);
            assertThat(site.get("/app/redirect").statusCode()).isEqualTo(302);
            assertThat(next().status()).isEqualTo(302);
            assertNoMoreRecords();
        }
    }

    @Test
    void appException_isRecordedAs500() throws Exception {
        try (TestSite site = site(t -> t)) {
            HttpResponse<String> r = site.get("/app/throw");

            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(next().status()).isEqualTo(500);
            assertNoMoreRecords();
        }
    }

    @Test
    void async_isRecordedOnceWhenTheAsyncContextCompletes() throws Exception {
        try (TestSite site = site(t -> t)) {
            String consent = grant(site, "\"analytics\"");

            HttpResponse<String> r = site.get("/app/async", "Cookie", consent);

            assertThat(r.body()).isEqualTo("async");
            TrackingRecord record = next();
            assertThat(record.status()).isEqualTo(200);
            assertThat(record.path()).hasValue("/app/async");
            assertNoMoreRecords();
        }
    }

    @Test
    void routeAttribute_replacesTheServletMapping() throws Exception {
        try (TestSite site = site(t -> t)) {
            site.get("/app/route");

            assertThat(next().route()).hasValue("/app/{page}");
        }
    }

    @Test
    void failingSink_requestGoesOn() throws Exception {
        try (TestSite site = site(t -> t, r -> {
            throw new IOException("disk full");
        })) {
            HttpResponse<String> r = site.get("/app/echo");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).startsWith("cookies=");
        }
    }

    @Test
    void userAgentWithLineBreak_isRefusedOrUnfoldedAndNeverSplitsARecord() throws Exception {
        try (TestSite site = site(t -> t.browser(BrowserMode.RAW))) {
            String consent = grant(site, "\"analytics\"");

            String status = site.raw("GET /app/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + consent + "\r\n"
                    + "User-Agent: Evil\r\n {\"ip\":\"6.6.6.6\"}\r\nConnection: close\r\n\r\n");

            if (container == Container.JETTY) {
                // Jetty 12 refuses CR, LF and obs-fold in header values before any filter runs.
                assertThat(status).startsWith("HTTP/1.1 400");
            } else {
                // Tomcat 11 unfolds the obs-fold into a space (RFC 9112 §5.2 allows either) and lets the request in.
                assertThat(status).startsWith("HTTP/1.1 200");
                assertThat(next().browser()).hasValue("Evil {\"ip\":\"6.6.6.6\"}");
            }
            assertNoMoreRecords();
        }
    }

    @Test
    void userAgentWithControlCharactersTheContainerPasses_staysOneCleanRecord() throws Exception {
        try (TestSite site = site(t -> t.browser(BrowserMode.RAW))) {
            String consent = grant(site, "\"analytics\"");

            // NEL (U+0085) ends a line for some log readers; Jetty and Tomcat pass it, and tabs, through.
            String status = site.raw("GET /app/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + consent + "\r\n"
                    + "User-Agent: Evil\u0085{\"ip\":\"6.6.6.6\"}\tx\r\nConnection: close\r\n\r\n");

            assertThat(status).startsWith("HTTP/1.1 200");
            assertThat(next().browser()).hasValue("Evil?{\"ip\":\"6.6.6.6\"}?x");
            assertNoMoreRecords();
        }
    }

    @Test
    void defaultSink_logsKeyValuesToConsentgateTracking() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (TestSite site = TestSite.start(container)) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertThat(site.get("/app/echo").statusCode()).isEqualTo(200);
            Thread.sleep(200);
        } finally {
            System.setErr(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8)).containsPattern(
                "INFO consentgate\\.tracking - time=\\S+ method=GET route=/app/\\* status=200 latencyMs=\\S+"
                        + " tracking record");
    }
}
