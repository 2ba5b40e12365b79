package dev.consentgate.servlet;

import static dev.consentgate.servlet.TestSite.consentCookie;
import static dev.consentgate.servlet.TestSite.expired;
import static dev.consentgate.servlet.TestSite.setCookieNames;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.servlet.TestSite.Container;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The filter in front of a real app on each container, over real HTTP. */
@ParameterizedClass(name = "on {0}")
@EnumSource(Container.class)
class ConsentFilterTest {

    private static final String JSON = "application/json";
    private static TestSite site;

    @Parameter
    private Container container;

    @BeforeParameterizedClassInvocation
    static void start(Container container) throws Exception {
        site = TestSite.start(container);
    }

    @AfterParameterizedClassInvocation
    static void stop() throws Exception {
        site.close();
    }

    private static String grant(String json) throws Exception {
        HttpResponse<String> r = site.post("/consent", JSON, json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return consentCookie(r);
    }

    @Test
    void setAll_beforeConsent_onlyNecessaryCookiesAreSet() throws Exception {
        HttpResponse<String> r = site.get("/app/set-all");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(setCookieNames(r)).containsExactly("JSESSIONID");
        assertThat(r.headers().allValues("vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("cookie"));
        assertThat(r.headers().firstValue("cache-control")).hasValue("private");
    }

    @Test
    void setAll_analyticsGranted_onlyAnalyticsCookiesAppear() throws Exception {
        String consent = grant("{\"granted\":[\"analytics\"]}");

        HttpResponse<String> r = site.get("/app/set-all", "Cookie", consent);

        assertThat(setCookieNames(r)).containsExactlyInAnyOrder("JSESSIONID", "_gid", "_ga", "_ga_ABC123");
    }

    @Test
    void setAll_acceptAll_everyCookieAppears() throws Exception {
        String consent = grant("{\"action\":\"accept-all\"}");

        HttpResponse<String> r = site.get("/app/set-all", "Cookie", consent);

        assertThat(setCookieNames(r)).containsExactlyInAnyOrder("IDE", "JSESSIONID", "lang", "_gid", "_ga",
                "_fbp", "_ga_ABC123");
    }

    @Test
    void setAll_tamperedConsentCookie_behavesAsNoConsent() throws Exception {
        String consent = grant("{\"action\":\"accept-all\"}");
        int at = consent.indexOf('=') + 5;
        char flipped = consent.charAt(at) == 'A' ? 'B' : 'A';
        String tampered = consent.substring(0, at) + flipped + consent.substring(at + 1);

        HttpResponse<String> r = site.get("/app/set-all", "Cookie", tampered);
        HttpResponse<String> state = site.get("/consent", "Cookie", tampered);

        assertThat(setCookieNames(r)).containsExactly("JSESSIONID");
        assertThat(state.body()).contains("\"decided\":false", "\"granted\":[\"necessary\"]");
    }

    @Test
    void setAll_forgedConsentCookieFromAnotherKey_behavesAsNoConsent() throws Exception {
        HttpResponse<String> r = site.get("/app/set-all", "Cookie", "consentgate=1.k2.garbage.sig");

        assertThat(setCookieNames(r)).containsExactly("JSESSIONID");
    }

    @Test
    void echo_noConsent_appSeesOnlyNecessaryCookies() throws Exception {
        HttpResponse<String> r = site.get("/app/echo", "Cookie", "_ga=1; _fbp=2; lang=en; JSESSIONID=abc; mine=3");

        assertThat(r.body()).contains("cookies=JSESSIONID\n", "header=JSESSIONID=abc\n");
    }

    @Test
    void echo_analyticsGranted_appSeesAnalyticsButNotAdvertising() throws Exception {
        String consent = grant("{\"granted\":[\"analytics\"]}");

        HttpResponse<String> r = site.get("/app/echo", "Cookie", "_ga=1; _fbp=2; " + consent);

        assertThat(r.body()).contains("cookies=_ga,consentgate\n", "header=_ga=1; " + consent + "\n");
    }

    @Test
    void echo_refusedCookiesPresent_areExpired() throws Exception {
        HttpResponse<String> r = site.get("/app/echo", "Cookie", "_ga=1; _fbp=2; mine=3; JSESSIONID=abc");

        assertThat(expired(r)).containsExactlyInAnyOrder(
                "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
                "_fbp=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/");
    }

    @Test
    void setHeader_blockedCookie_leavesEarlierSetCookieHeaders() throws Exception {
        String consent = grant("{\"granted\":[\"preferences\"]}");

        HttpResponse<String> r = site.get("/app/set-header-blocked", "Cookie", consent);

        assertThat(setCookieNames(r)).containsExactly("lang");
    }

    @Test
    void redirect_beforeConsent_dropsTrackingCookies() throws Exception {
        HttpResponse<String> r = site.get("/app/redirect");

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(setCookieNames(r)).containsExactly("JSESSIONID");
    }

    @Test
    void sendError_beforeConsent_dropsTrackingCookies() throws Exception {
        HttpResponse<String> r = site.get("/app/error");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(setCookieNames(r)).doesNotContain("_ga", "_gid", "_fbp", "IDE", "lang", "_ga_ABC123");
    }

    @Test
    void async_beforeConsent_dropsTrackingCookiesSetFromAsyncThread() throws Exception {
        HttpResponse<String> r = site.get("/app/async");

        assertThat(r.body()).isEqualTo("async");
        assertThat(setCookieNames(r)).containsExactly("JSESSIONID");
    }

    @Test
    void async_analyticsGranted_analyticsCookiesAppear() throws Exception {
        String consent = grant("{\"granted\":[\"analytics\"]}");

        HttpResponse<String> r = site.get("/app/async", "Cookie", consent);

        assertThat(setCookieNames(r)).containsExactlyInAnyOrder("JSESSIONID", "_gid", "_ga", "_ga_ABC123");
    }

    @Test
    void appCacheControl_replacesDefault() throws Exception {
        HttpResponse<String> r = site.get("/consent");

        assertThat(r.headers().allValues("cache-control")).containsExactly("no-store");
    }

    @Test
    void unclassifiedClientCookies_areCountedNotShown() throws Exception {
        HttpResponse<String> r = site.get("/app/echo", "Cookie", "tracker_x=1; tracker_y=2");

        assertThat(r.body()).contains("cookies=\n");
        assertThat(expired(r)).isEmpty();
    }

    @Test
    void unmappedFilterPath_passesThroughUnknownPaths() throws Exception {
        HttpResponse<String> r = site.get("/nothing-here");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).doesNotContain("Exception");
    }

    @Test
    void expiry_withCookieDomains_expiresHostOnlyAndDomainVariants() throws Exception {
        try (TestSite local = new TestSite(container, ConsentFilter.builder().config(TestSite.config()
                .cookieDomains(List.of("127.0.0.1", "example.com")).build()).build())) {
            HttpResponse<String> r = local.get("/app/echo", "Cookie", "_ga=1");

            assertThat(expired(r)).containsExactly(
                    "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
                    "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Domain=127.0.0.1");
        }
    }

    @Test
    void expiry_manyRefusedCookies_isBounded() throws Exception {
        try (TestSite local = new TestSite(container, ConsentFilter.builder().config(TestSite.config()
                .maxExpiryHeaders(3).build()).build())) {
            StringBuilder cookies = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                cookies.append("_ga_").append(i).append("=1; ");
            }

            HttpResponse<String> r = local.get("/app/echo", "Cookie", cookies.toString());

            assertThat(expired(r)).hasSize(3);
        }
    }
}
