package dev.consentgate.servlet;

import static dev.consentgate.servlet.TestSite.consentCookie;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.servlet.TestSite.Container;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The banner's files and data, served by the filter below the consent endpoint, over real HTTP. */
@ParameterizedClass(name = "on {0}")
@EnumSource(Container.class)
class BannerTest {

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

    private static String etag(HttpResponse<?> r) {
        return r.headers().firstValue("etag").orElseThrow();
    }

    @Test
    void bannerJs_get_isJavaScriptWithStrongEtagAndNosniff() throws Exception {
        HttpResponse<String> r = site.get("/consent/banner.js");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/javascript;charset=utf-8");
        assertThat(etag(r)).matches("\"[0-9a-f]{16}\"");
        assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("cache-control")).hasValue("public, no-cache");
        assertThat(r.body()).contains("banner.json", "data-consentgate-settings");
    }

    @Test
    void bannerJs_versionedUrl_isCacheableForAYear() throws Exception {
        String version = etag(site.get("/consent/banner.js")).replace("\"", "");

        HttpResponse<String> r = site.get("/consent/banner.js?v=" + version);
        HttpResponse<String> stale = site.get("/consent/banner.js?v=0000000000000000");

        assertThat(r.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        assertThat(stale.headers().firstValue("cache-control")).hasValue("public, no-cache");
    }

    @Test
    void bannerCss_ifNoneMatch_is304WithoutBody() throws Exception {
        HttpResponse<String> first = site.get("/consent/banner.css");

        HttpResponse<String> again = site.get("/consent/banner.css", "If-None-Match", "\"x\", " + etag(first));

        assertThat(first.headers().firstValue("content-type")).hasValue("text/css;charset=utf-8");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(etag(again)).isEqualTo(etag(first));
    }

    @Test
    void bannerAssets_head_hasLengthButNoBody() throws Exception {
        HttpResponse<String> r = site.http.send(HttpRequest.newBuilder(site.base.resolve("/consent/banner.css"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValueAsLong("content-length").orElseThrow()).isPositive();
        assertThat(r.body()).isEmpty();
    }

    @Test
    void bannerAssets_post_is405() throws Exception {
        HttpResponse<String> r = site.post("/consent/banner.js", "text/plain", "x");

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void bannerAssets_referNoOtherOrigin() throws Exception {
        for (String file : new String[] {"/consent/banner.js", "/consent/banner.css"}) {
            String body = site.get(file).body();

            assertThat(body).as(file).doesNotContain("http:", "https:", "url(", "@import", "importScripts", "eval(");
        }
    }

    @Test
    void bannerJson_undecided_hasEnglishTextsCategoriesAndState() throws Exception {
        HttpResponse<String> r = site.get("/consent/banner.json");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(r.headers().firstValue("content-language")).hasValue("en");
        assertThat(r.body()).contains("\"language\":\"en\"", "\"acceptAll\":\"Accept all\"",
                "\"rejectAll\":\"Reject all\"", "\"customise\":\"Customise\"", "\"settings\":\"Cookie settings\"",
                "{\"id\":\"necessary\",\"title\":\"Strictly necessary\"",
                "{\"id\":\"analytics\",\"title\":\"Analytics\",\"description\":\"Counts visits.\",\"required\":false,"
                        + "\"hosts\":[\"www.googletagmanager.com\",\"www.google-analytics.com\"]}",
                "\"state\":{\"decided\":false,\"granted\":[\"necessary\"]}", "\"policyRevision\":3",
                "\"csp\":\"enforce\"");
    }

    @Test
    void bannerJson_german_translatesLabelsAndTranslatedCategories() throws Exception {
        HttpResponse<String> r = site.get("/consent/banner.json", "Accept-Language", "de-AT,de;q=0.9,en;q=0.5");

        assertThat(r.headers().firstValue("content-language")).hasValue("de");
        assertThat(r.body()).contains("\"acceptAll\":\"Alle akzeptieren\"", "\"rejectAll\":\"Alle ablehnen\"",
                "\"title\":\"Unbedingt erforderlich\"", "\"title\":\"Statistik\",\"description\":\"Zählt Besuche.\"",
                // Not translated: the configured default texts.
                "\"title\":\"Advertising\"");
    }

    @Test
    void bannerJson_french_usesFrenchLabels() throws Exception {
        HttpResponse<String> r = site.get("/consent/banner.json", "Accept-Language", "it, fr-CH;q=0.8");

        assertThat(r.body()).contains("\"language\":\"fr\"", "\"acceptAll\":\"Tout accepter\"",
                "\"rejectAll\":\"Tout refuser\"");
    }

    @Test
    void bannerJson_afterChoice_isDecidedWithTheGrantedCategories() throws Exception {
        String consent = consentCookie(site.post("/consent", "application/json", "{\"granted\":[\"analytics\"]}"));

        HttpResponse<String> r = site.get("/consent/banner.json", "Cookie", consent);

        assertThat(r.body()).contains("\"state\":{\"decided\":true,\"granted\":[\"necessary\",\"analytics\"]}");
    }

    @Test
    void bannerJson_choiceUnderOlderRevision_isUndecidedSoTheBannerShowsAgain() throws Exception {
        String consent = consentCookie(site.post("/consent", "application/json", "{\"action\":\"accept-all\"}"));
        ConsentPolicy bumped = TestSite.policy().toBuilder().revision(4).build();

        try (TestSite next = TestSite.start(container, f -> f.config(TestSite.config().policy(bumped).build()))) {
            HttpResponse<String> r = next.get("/consent/banner.json", "Cookie", consent);

            assertThat(r.body()).contains("\"state\":{\"decided\":false,\"granted\":[\"necessary\"]}",
                    "\"policyRevision\":4");
        }
    }

    @Test
    void bannerJson_post_is405() throws Exception {
        HttpResponse<String> r = site.post("/consent/banner.json", "application/json", "{}");

        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void otherPathBelowEndpoint_goesToTheApp() throws Exception {
        assertThat(site.get("/consent/other.js").statusCode()).isEqualTo(404);
    }
}
