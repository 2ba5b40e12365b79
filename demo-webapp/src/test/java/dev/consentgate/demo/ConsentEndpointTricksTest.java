package dev.consentgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cross-site page cannot record a consent for a visitor, whatever spelling of the endpoint's path it posts to,
 * and nothing a request sends is echoed into a header (response splitting). Raw socket, byte for byte.
 */
class ConsentEndpointTricksTest {

    private static final String BODY = "{\"action\":\"accept-all\"}";
    private static final List<String> CROSS_SITE = List.of("Sec-Fetch-Site: cross-site",
            "Origin: https://evil.example", "Content-Type: application/json");
    private static final List<String> FOREIGN_ORIGIN = List.of("Origin: https://evil.example",
            "Content-Type: application/json");
    private static final List<String> SAME_ORIGIN = List.of("Sec-Fetch-Site: same-origin",
            "Content-Type: application/json");

    @TempDir
    static Path data;
    private static DemoServer demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoServer.start(new DemoOptions(0, data, Optional.empty(), true), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        demo.close();
    }

    static List<String> spellings() {
        return new ArrayList<>(List.of("/consent", "//consent", "/consent/", "/consent;x=y", "/consent;jsessionid=1",
                "/%63onsent", "/consen%74", "/./consent", "/%2e/consent", "/x/../consent", "/x/%2e%2e/consent",
                "/assets/..%2fconsent", "/CONSENT", "/consent%00", "/consent?x=1", "http://localhost/consent"));
    }

    @Test
    void crossSitePost_neverSetsAConsentCookie() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        for (String target : spellings()) {
            for (List<String> headers : List.of(CROSS_SITE, FOREIGN_ORIGIN)) {
                for (String method : List.of("POST", "DELETE", "PUT")) {
                    RawHttp.Answer a = RawHttp.send(demo.uri(), method, target, headers, BODY);
                    soft.assertThat(a.header("Set-Cookie")).as("%s %s %s", method, target, headers)
                            .noneMatch(c -> c.startsWith("consentgate="));
                    soft.assertThat(a.status()).as("%s %s %s", method, target, headers).isGreaterThanOrEqualTo(400);
                }
            }
        }
        soft.assertAll();
    }

    @Test
    void sameOriginPost_onTheRealPath_isTheOnlyWayIn() throws Exception {
        RawHttp.Answer a = RawHttp.send(demo.uri(), "POST", "/consent", SAME_ORIGIN, BODY);

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Set-Cookie")).anyMatch(c -> c.startsWith("consentgate=1."));
    }

    @Test
    void cookieFlags_consentAndSessionCookiesAreHttpOnlyAndSameSiteLax() throws Exception {
        RawHttp.Answer page = RawHttp.get(demo.uri(), "/");
        RawHttp.Answer choice = RawHttp.send(demo.uri(), "POST", "/consent", SAME_ORIGIN, BODY);

        assertThat(page.header("Set-Cookie")).filteredOn(c -> c.startsWith("JSESSIONID=")).singleElement()
                .satisfies(c -> assertThat(c).contains("HttpOnly", "SameSite=Lax"));
        assertThat(choice.header("Set-Cookie")).filteredOn(c -> c.startsWith("consentgate=")).singleElement()
                .satisfies(c -> assertThat(c).contains("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="));
    }

    @Test
    void noValueSentIsEchoedIntoAHeader() throws Exception {
        // CR/LF cannot travel raw in a request line or header (the container refuses them), so the attempts are
        // percent-encoded where the filter decodes: the return path of the no-JavaScript form, the choice fields.
        String injected = "%0d%0aSet-Cookie:%20injected=1%0d%0aX-Injected:%201";
        List<String> form = List.of("Sec-Fetch-Site: same-origin", "Content-Type: application/x-www-form-urlencoded");
        List<RawHttp.Answer> answers = List.of(
                RawHttp.send(demo.uri(), "POST", "/consent", form, "action=accept-all&return=/" + injected),
                RawHttp.send(demo.uri(), "POST", "/consent", form, "action=" + injected),
                RawHttp.send(demo.uri(), "POST", "/consent", form, "granted=" + injected),
                RawHttp.send(demo.uri(), "POST", "/consent?return=/" + injected, form, "action=reject-all"),
                RawHttp.get(demo.uri(), "/consent/banner.js?v=" + injected),
                RawHttp.get(demo.uri(), "/?utm_source=" + injected),
                RawHttp.get(demo.uri(), "/", "Accept-Language: de" + "\u00e4;q=1, fr"),
                RawHttp.get(demo.uri(), "/", "Referer: https://x.example/" + injected));
        SoftAssertions soft = new SoftAssertions();
        for (RawHttp.Answer a : answers) {
            soft.assertThat(a.header("X-Injected")).isEmpty();
            soft.assertThat(a.header("Set-Cookie")).noneMatch(c -> c.startsWith("injected"));
            soft.assertThat(a.headers()).allSatisfy(h -> assertThat(h).doesNotContain("\r", "\n"));
            soft.assertThat(a.status()).isLessThan(500);
        }
        soft.assertThat(answers.get(0).header("Location")).allSatisfy(l -> assertThat(l).doesNotContain("injected"));
        soft.assertAll();
    }
}
