package dev.consentgate.servlet;

import static dev.consentgate.servlet.TestSite.consentCookie;
import static dev.consentgate.servlet.TestSite.expired;
import static dev.consentgate.servlet.TestSite.setCookieNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgate.core.signal.ConsentManager;
import dev.consentgate.core.signal.SignalsConfig;
import dev.consentgate.servlet.TestSite.Container;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Consent signals over real HTTP: GPC, a TC string and other consent managers' cookies. */
@ParameterizedClass(name = "on {0}")
@EnumSource(Container.class)
class ConsentSignalsTest {

    private static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** After the TC string's lastUpdated (2026-11-01), so it is fresh. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    /** Made by IAB's encoder (core's tc-strings.json, "analyticsOnly"): purposes 1, 8 and 9. */
    private static final String TC_ANALYTICS = "CQtBkHwQtBkHwAKACBENA8FgAIGAAAAAAAYgIzQAgF5gRmAvOACAvMAA";
    /** Cookiebot accepting everything, as browsers send it: quotes, commas, %-escapes. */
    private static final String COOKIEBOT_ALL = "{stamp:%27BWf8Ts3M8nJ2n6sdmeZyTHuMB6y+bDZm9fL5ev4o0Pl4oXGRMWmJtA==%27"
            + "%2C"
            + "necessary:true%2Cpreferences:true%2Cstatistics:true%2Cmarketing:true%2Cmethod:%27explicit%27%2Cver:1"
            + "%2Cutc:1795167000000%2Cregion:%27de%27}";
    private static final String KLARO = "{\"ga\":true,\"fb\":false}";

    private static TestSite site;
    private static TestSite quiet;

    @Parameter
    private Container container;

    @BeforeParameterizedClassInvocation
    static void start(Container container) throws Exception {
        SignalsConfig.Builder signals = SignalsConfig.builder().tcf(true).gpcLastUpdate(LocalDate.of(2026, 11, 1));
        for (ConsentManager m : ConsentManager.values()) {
            signals.manager(m, true);
        }
        signals.managerMapping(ConsentManager.KLARO, Map.of("ga", "analytics", "fb", "advertising"))
                .managerMapping(ConsentManager.TARTEAUCITRON, Map.of("gtag", "analytics"));
        site = new TestSite(container, ConsentFilter.builder().config(TestSite.config().signals(signals.build()).build())
                .clock(CLOCK).build());
        quiet = new TestSite(container, ConsentFilter.builder().config(TestSite.config().signals(SignalsConfig.builder()
                .gpc(false).build()).build()).clock(CLOCK).build());
    }

    @AfterParameterizedClassInvocation
    static void stop() throws Exception {
        site.close();
        quiet.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return MAPPER.readTree(r.body());
    }

    private static String acceptAll() throws Exception {
        return consentCookie(site.post("/consent", JSON, "{\"action\":\"accept-all\"}"));
    }

    @Test
    void gpc_withGrantedAdvertising_refusesAdvertisingCookiesOnly() throws Exception {
        String consent = acceptAll();

        HttpResponse<String> r = site.get("/app/set-all", "Cookie", consent + "; _fbp=fb.1; _ga=GA1", "Sec-GPC", "1");

        assertThat(setCookieNames(r)).contains("_ga", "_gid", "lang").doesNotContain("IDE", "_fbp");
        assertThat(expired(r)).anySatisfy(h -> assertThat(h).startsWith("_fbp=;"));
        HttpResponse<String> echo = site.get("/app/echo", "Cookie", consent + "; _fbp=fb.1; _ga=GA1", "Sec-GPC", "1");
        assertThat(echo.body()).contains("cookies=consentgate,_ga").doesNotContain("_fbp");
    }

    @Test
    void gpc_getConsent_showsGpcAndTheDecidingSource() throws Exception {
        String consent = acceptAll();

        JsonNode body = json(site.get("/consent", "Cookie", consent, "Sec-GPC", "1"));

        assertThat(body.get("source").asText()).isEqualTo("cookie");
        assertThat(body.get("gpc").asBoolean()).isTrue();
        assertThat(body.get("granted").toString()).isEqualTo("[\"necessary\",\"analytics\",\"preferences\"]");
        assertThat(body.get("googleConsentMode").toString()).isEqualTo("{\"ad_storage\":\"denied\","
                + "\"ad_user_data\":\"denied\",\"ad_personalization\":\"denied\",\"analytics_storage\":\"granted\"}");
        JsonNode without = json(site.get("/consent", "Cookie", consent));
        assertThat(without.get("gpc").asBoolean()).isFalse();
        assertThat(without.get("granted").toString()).contains("advertising");
    }

    @Test
    void gpc_acceptAllChoice_isRecordedAsMadeButAnsweredWithoutAdvertising() throws Exception {
        HttpResponse<String> r = site.post("/consent", JSON, "{\"action\":\"accept-all\"}", "Sec-GPC", "1",
                "Cookie", "IDE=ad.1");

        assertThat(json(r).get("granted").toString()).doesNotContain("advertising");
        assertThat(json(r).get("gpc").asBoolean()).isTrue();
        assertThat(expired(r)).anySatisfy(h -> assertThat(h).startsWith("IDE=;"));
        JsonNode later = json(site.get("/consent", "Cookie", consentCookie(r)));
        assertThat(later.get("granted").toString()).contains("advertising");
    }

    @Test
    void gpc_turnedOff_isIgnored() throws Exception {
        String consent = consentCookie(quiet.post("/consent", JSON, "{\"action\":\"accept-all\"}"));

        JsonNode body = json(quiet.get("/consent", "Cookie", consent, "Sec-GPC", "1"));

        assertThat(body.get("gpc").asBoolean()).isFalse();
        assertThat(body.get("granted").toString()).contains("advertising");
        assertThat(quiet.get("/.well-known/gpc.json").statusCode()).isEqualTo(404);
    }

    @Test
    void wellKnownGpcJson_isServed() throws Exception {
        HttpResponse<String> r = site.get("/.well-known/gpc.json");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        assertThat(r.body()).isEqualTo("{\"gpc\":true,\"lastUpdate\":\"2026-11-01\"}");
        assertThat(site.post("/.well-known/gpc.json", JSON, "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void cookiebotCookieInRawHeader_decides() throws Exception {
        JsonNode body = json(site.get("/consent", "Cookie", "CookieConsent=" + COOKIEBOT_ALL));

        assertThat(body.get("source").asText()).isEqualTo("cookiebot");
        assertThat(body.get("decided").asBoolean()).isTrue();
        assertThat(body.get("consentId").isNull()).isTrue();
        assertThat(body.get("granted").toString())
                .isEqualTo("[\"necessary\",\"advertising\",\"analytics\",\"preferences\"]");
    }

    @Test
    void ownCookie_winsOverConsentManagerCookieByDefault() throws Exception {
        String reject = consentCookie(site.post("/consent", JSON, "{\"action\":\"reject-all\"}"));

        HttpResponse<String> r = site.get("/app/set-all", "Cookie", "CookieConsent=" + COOKIEBOT_ALL + "; " + reject);

        assertThat(setCookieNames(r)).containsExactly("JSESSIONID");
        assertThat(json(site.get("/consent", "Cookie", "CookieConsent=" + COOKIEBOT_ALL + "; " + reject))
                .get("source").asText()).isEqualTo("cookie");
    }

    @Test
    void tcString_beatsOtherConsentManagers() throws Exception {
        JsonNode body = json(site.get("/consent", "Cookie", "klaro=" + KLARO + "; euconsent-v2=" + TC_ANALYTICS));

        assertThat(body.get("source").asText()).isEqualTo("tcf");
        assertThat(body.get("granted").toString()).isEqualTo("[\"necessary\",\"analytics\"]");
    }

    @Test
    void consentManagerCookies_areNecessaryAndVisibleToTheApp() throws Exception {
        HttpResponse<String> r = site.get("/app/echo", "Cookie", "OptanonAlertBoxClosed=2026-11-20T09:30:00.000Z;"
                + " euconsent-v2=x; cc_cookie=x; tarteaucitron=!x=wait; _ga=GA1");

        assertThat(r.body()).contains("cookies=OptanonAlertBoxClosed,euconsent-v2,cc_cookie,tarteaucitron\n");
        assertThat(expired(r)).noneSatisfy(h -> assertThat(h).startsWith("euconsent-v2="));
    }

    @Test
    void malformedConsentManagerCookie_isUndecided() throws Exception {
        JsonNode body = json(site.get("/consent", "Cookie", "cc_cookie=%7B%22categories%22%3A%5B%22analytics; "
                + "klaro={\"ga\":\"yes\"}; euconsent-v2=" + TC_ANALYTICS.substring(0, 20)));

        assertThat(body.get("decided").asBoolean()).isFalse();
        assertThat(body.get("source").asText()).isEqualTo("default");
    }
}
