package dev.consentgate.servlet;

import static dev.consentgate.servlet.TestSite.consentCookie;
import static dev.consentgate.servlet.TestSite.setCookieNames;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.tracking.TrackingRecord;
import dev.consentgate.servlet.TestSite.App;
import dev.consentgate.servlet.TestSite.Container;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults of the app behind the filter, on each container: an app that throws gets the container's own error
 * response, as it would without the filter; a response committed early by a large body still never carries a
 * refused cookie.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Container.class)
class AppFaultTest {

    private static final BlockingQueue<TrackingRecord> tracked = new LinkedBlockingQueue<>();
    private static TestSite site;
    /** The same app behind a filter that does nothing: the container's normal behaviour. */
    private static TestSite bare;

    @Parameter
    private Container container;

    @BeforeParameterizedClassInvocation
    static void start(Container container) throws Exception {
        site = TestSite.start(container, b -> b.trackingSink(tracked::add));
        bare = TestSite.bare(container);
    }

    @AfterParameterizedClassInvocation
    static void stop() throws Exception {
        try (TestSite s = site; TestSite b = bare) {
            tracked.clear();
        }
    }

    @ParameterizedTest(name = "throws {0}")
    @ValueSource(strings = {"runtime", "io", "servlet"})
    void appThrowsAfterSettingCookies_containersOwnErrorAndRefusedCookiesDropped(String kind) throws Exception {
        String path = "/app/throw-after-cookies?as=" + kind;
        HttpResponse<String> expected = bare.get(path);
        tracked.clear();

        HttpResponse<String> r = site.get(path);

        assertThat(r.statusCode()).isEqualTo(expected.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("content-type")).isEqualTo(expected.headers().firstValue("content-type"));
        assertThat(withoutStackFrames(r.body())).isEqualTo(withoutStackFrames(expected.body()));
        assertThat(r.body()).doesNotContain("\"error\"");
        assertThat(setCookieNames(r)).isSubsetOf(List.of("JSESSIONID"));
        // One request, one outcome: the filter saw the failure once and added no second error of its own.
        TrackingRecord record = tracked.poll(5, TimeUnit.SECONDS);
        assertThat(record).isNotNull();
        assertThat(record.status()).isEqualTo(500);
        assertThat(tracked.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void largeStreamedBody_committedEarly_refusedCookiesNeverSentAllowedOnesAre() throws Exception {
        HttpResponse<String> grant = site.post("/consent", "application/json", "{\"granted\":[\"analytics\"]}");
        App.LATE_COOKIE.set(null);

        HttpResponse<String> r = site.get("/app/stream", "Cookie", consentCookie(grant));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).hasSize(App.STREAM_BYTES);
        assertThat(setCookieNames(r)).containsExactly("_ga");
        // The late cookie is the container's business: it was committed, neither container sends it, and the
        // filter throws nothing for it.
        assertThat(App.LATE_COOKIE.get()).isEqualTo("committed=true thrown=none");
    }

    @Test
    void largeStreamedBody_undecided_noOptionalCookieReachesTheClient() throws Exception {
        HttpResponse<String> r = site.get("/app/stream");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).hasSize(App.STREAM_BYTES);
        assertThat(setCookieNames(r)).isEmpty();
    }

    /**
     * The error page without the stack frames the container may print (they pass through the filter or not) and
     * without the port, which differs between the two sites.
     */
    private static String withoutStackFrames(String body) {
        return body.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:port")
                .replaceAll("(?m)^\\s*(at )?[\\w$.]+\\.[\\w$<>]+\\([^)\\n]*\\)\\s*$", "")
                .replaceAll("\\.\\.\\. \\d+ more", "")
                .replaceAll("\\n+", "\n");
    }
}
