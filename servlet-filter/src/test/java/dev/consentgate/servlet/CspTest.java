package dev.consentgate.servlet;

import static dev.consentgate.servlet.TestSite.consentCookie;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.config.ConsentGateConfig;
import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.csp.CspConfig;
import dev.consentgate.core.csp.CspMode;
import dev.consentgate.servlet.TestSite.Container;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The Content-Security-Policy the filter sends for each consent state: over real HTTP, then its composition. */
@ParameterizedClass(name = "on {0}")
@EnumSource(Container.class)
class CspTest {

    private static final String CSP = "content-security-policy";
    private static final Pattern NONCE = Pattern.compile("'nonce-([A-Za-z0-9+/=]+)'");
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

    private static String csp(HttpResponse<?> r) {
        List<String> values = r.headers().allValues(CSP);
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    private static String nonceOf(String csp) {
        Matcher m = NONCE.matcher(csp);
        assertThat(m.find()).as(csp).isTrue();
        return m.group(1);
    }

    private static String grant(String json) throws Exception {
        return consentCookie(site.post("/consent", "application/json", json));
    }

    @Test
    void undecided_baselineOnly_noThirdPartyHost() throws Exception {
        String csp = csp(site.get("/app/echo"));

        assertThat(csp).isEqualTo("script-src 'self' 'nonce-" + nonceOf(csp) + "'; connect-src 'self';"
                + " img-src 'self' data:; frame-src 'self'; object-src 'none'; base-uri 'self'");
    }

    @Test
    void analyticsGranted_addsAnalyticsHostsOnly() throws Exception {
        String csp = csp(site.get("/app/echo", "Cookie", grant("{\"granted\":[\"analytics\"]}")));

        String hosts = " www.googletagmanager.com www.google-analytics.com";
        assertThat(csp).isEqualTo("script-src 'self' 'nonce-" + nonceOf(csp) + "'" + hosts + "; connect-src 'self'"
                + hosts + "; img-src 'self' data:" + hosts + "; frame-src 'self'" + hosts
                + "; object-src 'none'; base-uri 'self'");
        assertThat(csp).doesNotContain("facebook");
    }

    @Test
    void acceptAll_addsEveryCategorysHosts() throws Exception {
        String csp = csp(site.get("/app/echo", "Cookie", grant("{\"action\":\"accept-all\"}")));

        assertThat(csp).contains("connect-src 'self' www.googletagmanager.com www.google-analytics.com"
                + " connect.facebook.net;");
    }

    @Test
    void withdrawn_hostsGoAgain() throws Exception {
        String consent = grant("{\"action\":\"accept-all\"}");
        String withdrawn = consentCookie(site.delete("/consent", "Cookie", consent));

        assertThat(csp(site.get("/app/echo", "Cookie", withdrawn))).doesNotContain("googletagmanager", "facebook");
    }

    @Test
    void nonce_isFreshPerRequestAndExposedToTheApp() throws Exception {
        HttpResponse<String> first = site.get("/app/tags");
        HttpResponse<String> second = site.get("/app/tags");

        String nonce = nonceOf(csp(first));
        assertThat(nonce).hasSize(24);
        assertThat(first.body()).contains("nonce=" + nonce + "\n");
        assertThat(nonceOf(csp(second))).isNotEqualTo(nonce);
    }

    @Test
    void appSetsItsOwnPolicy_appsReplacesTheFilters() throws Exception {
        HttpResponse<String> r = site.get("/app/own-csp");

        assertThat(r.headers().allValues(CSP)).containsExactly("default-src 'none'");
    }

    @Test
    void consentEndpointAndBannerFiles_haveNoPolicy() throws Exception {
        assertThat(site.get("/consent").headers().allValues(CSP)).isEmpty();
        assertThat(site.get("/consent/banner.js").headers().allValues(CSP)).isEmpty();
    }

    @Test
    void reportOnly_usesTheReportOnlyHeader() throws Exception {
        try (TestSite s = TestSite.start(container, f -> f.config(TestSite.config()
                .csp(CspConfig.builder().mode(CspMode.REPORT_ONLY).build()).build()))) {
            HttpResponse<String> r = s.get("/app/echo");

            assertThat(r.headers().allValues(CSP)).isEmpty();
            assertThat(r.headers().firstValue("content-security-policy-report-only")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("script-src 'self' 'nonce-"));
        }
    }

    @Test
    void off_sendsNoPolicyAndNoNonce() throws Exception {
        try (TestSite s = TestSite.start(container, f -> f.config(TestSite.config()
                .csp(CspConfig.builder().mode(CspMode.OFF).build()).build()))) {
            HttpResponse<String> r = s.get("/app/tags");

            assertThat(r.headers().allValues(CSP)).isEmpty();
            assertThat(r.headers().allValues("content-security-policy-report-only")).isEmpty();
            assertThat(r.body()).contains("nonce=none").doesNotContain(" nonce=\"");
        }
    }

    private static Csp csp(CspConfig csp) {
        ConsentGateConfig config = TestSite.config().csp(csp).build();
        return new Csp(config);
    }

    private static ConsentState granted(String... categories) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Set<String> all = new java.util.HashSet<>(Set.of(categories));
        all.add("necessary");
        return ConsentState.decided(UUID.randomUUID(), all, 3, now, now.plusSeconds(60),
                dev.consentgate.core.consent.DecisionSource.CHOICE);
    }

    @Test
    void header_baselineWithOnlyDefaultSrc_hostDirectivesStartFromIt() {
        Csp csp = csp(CspConfig.builder().baseline(Map.of("default-src", List.of("'self'", "cdn.example"))).build());

        assertThat(csp.header(granted("advertising"), "N")).isEqualTo("default-src 'self' cdn.example;"
                + " script-src 'self' cdn.example 'nonce-N' connect.facebook.net;"
                + " connect-src 'self' cdn.example connect.facebook.net;"
                + " img-src 'self' cdn.example connect.facebook.net;"
                + " frame-src 'self' cdn.example connect.facebook.net");
    }

    @Test
    void header_noneInBaseline_isDroppedWhenSourcesAreAdded() {
        Map<String, List<String>> baseline = new java.util.LinkedHashMap<>();
        baseline.put("script-src-elem", List.of("'none'"));
        baseline.put("frame-src", List.of("'none'"));
        baseline.put("img-src", List.of("'none'"));
        Csp csp = csp(CspConfig.builder().baseline(baseline).build());

        assertThat(csp.header(granted(), "N")).isEqualTo("script-src-elem 'nonce-N'; frame-src 'none';"
                + " img-src 'none'; script-src 'self' 'nonce-N'; connect-src 'self'");
        assertThat(csp.header(granted("advertising"), "N")).contains("frame-src connect.facebook.net;");
    }
}
