package dev.consentgate.servlet;

import static dev.consentgate.servlet.TestSite.consentCookie;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consentgate.servlet.TestSite.Container;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The tags {@link ConsentTags} renders for each consent state; the app's {@code /app/tags} prints them. */
@ParameterizedClass(name = "on {0}")
@EnumSource(Container.class)
class ConsentTagsTest {

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

    private static String nonce(HttpResponse<String> r) {
        Matcher m = Pattern.compile("^nonce=(\\S+)$", Pattern.MULTILINE).matcher(r.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void undecided_everyTagIsInertAndCarriesTheNonce() throws Exception {
        HttpResponse<String> r = site.get("/app/tags?from=test");
        String n = nonce(r);

        assertThat(r.body()).contains(
                "<script type=\"text/plain\" data-category=\"analytics\" src=\"/a.js?x=1&amp;y=2\" nonce=\"" + n
                        + "\"></script>",
                "<script type=\"text/plain\" data-category=\"analytics\" nonce=\"" + n + "\">window.a = 1;</script>",
                "<img data-category=\"advertising\" data-src=\"/pixel.gif\" alt=\"\">",
                "<iframe data-category=\"advertising\" data-src=\"/ad.html\" title=\"Ad\"></iframe>",
                "<a href=\"#consentgate-settings\" data-consentgate-settings>Cookie settings</a>",
                "hosts=[]");
    }

    @Test
    void banner_secondRequestInTheSameState_getsItsOwnNonceAndReturnPath() throws Exception {
        HttpResponse<String> first = site.get("/app/tags?from=first");
        HttpResponse<String> second = site.get("/app/tags?from=%3Cb%3E");

        assertThat(nonce(second)).isNotEqualTo(nonce(first));
        assertThat(second.body()).contains("nonce=\"" + nonce(second) + "\" defer></script>",
                "<input type=\"hidden\" name=\"return\" value=\"/app/tags?from=%3Cb%3E\">")
                .doesNotContain(nonce(first), "from=first", "\u0000");
        assertThat(first.body()).contains("value=\"/app/tags?from=first\">");
    }

    @Test
    void undecided_bannerHasVersionedFilesNonceAndAnOpenNoscriptForm() throws Exception {
        HttpResponse<String> r = site.get("/app/tags?from=test");
        String n = nonce(r);

        assertThat(r.body())
                .containsPattern("<link rel=\"stylesheet\" href=\"/consent/banner\\.css\\?v=[0-9a-f]{16}\">")
                .containsPattern("<script src=\"/consent/banner\\.js\\?v=[0-9a-f]{16}\" nonce=\"" + Pattern.quote(n)
                        + "\" defer></script>")
                .contains("<noscript><div class=\"cg-noscript cg-open\" id=\"consentgate-settings\" lang=\"en\">",
                        "<form method=\"post\" action=\"/consent\">",
                        "<input type=\"hidden\" name=\"return\" value=\"/app/tags?from=test\">",
                        "<legend>Customise</legend>",
                        "<input type=\"checkbox\" name=\"granted\" value=\"necessary\" checked disabled>",
                        "<input type=\"checkbox\" name=\"granted\" value=\"analytics\">",
                        "<button type=\"submit\" name=\"action\" value=\"accept-all\">Accept all</button>",
                        "<button type=\"submit\" name=\"action\" value=\"reject-all\">Reject all</button>",
                        "<button type=\"submit\" name=\"action\" value=\"custom\">Save choices</button>");
    }

    @Test
    void analyticsGranted_analyticsTagsArePlainAdvertisingStaysInert() throws Exception {
        String consent = consentCookie(site.post("/consent", "application/json", "{\"granted\":[\"analytics\"]}"));

        HttpResponse<String> r = site.get("/app/tags", "Cookie", consent);
        String n = nonce(r);

        assertThat(r.body()).contains("<script src=\"/a.js?x=1&amp;y=2\"></script>",
                "<script nonce=\"" + n + "\">window.a = 1;</script>",
                "<img data-category=\"advertising\" data-src=\"/pixel.gif\" alt=\"\">",
                "hosts=[www.googletagmanager.com, www.google-analytics.com]",
                "<noscript><div class=\"cg-noscript\" id=\"consentgate-settings\"",
                "<input type=\"checkbox\" name=\"granted\" value=\"analytics\" checked>");
    }

    @Test
    void acceptAll_imagesAndFramesHaveTheirSource() throws Exception {
        String consent = consentCookie(site.post("/consent", "application/json", "{\"action\":\"accept-all\"}"));

        HttpResponse<String> r = site.get("/app/tags", "Cookie", consent);

        assertThat(r.body()).contains("<img src=\"/pixel.gif\" alt=\"\">",
                "<iframe src=\"/ad.html\" title=\"Ad\"></iframe>");
    }

    @Test
    void german_linkAndNoscriptFormAreGerman() throws Exception {
        HttpResponse<String> r = site.get("/app/tags", "Accept-Language", "de");

        assertThat(r.body()).contains(">Cookie-Einstellungen</a>", "lang=\"de\"", ">Alle akzeptieren</button>",
                ">Alle ablehnen</button>", "<strong>Statistik</strong> — Zählt Besuche.");
    }

    /** A request outside the filter, or one it handled: attributes and headers only. */
    private static HttpServletRequest request(Map<String, Object> attributes) {
        return (HttpServletRequest) Proxy.newProxyInstance(ConsentTagsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "getHeader", "getQueryString" -> null;
                    case "getContextPath" -> "";
                    case "getRequestURI" -> "/";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void outsideTheFilter_bannerIsEmptyAndTagsAreInert() {
        HttpServletRequest request = request(Map.of());

        assertThat(ConsentTags.banner(request)).isEmpty();
        assertThat(ConsentTags.script(request, "anything", "/x.js"))
                .isEqualTo("<script type=\"text/plain\" data-category=\"anything\" src=\"/x.js\"></script>");
        assertThat(ConsentTags.nonce(request)).isEmpty();
        assertThat(ConsentTags.grantedHosts(request)).isEmpty();
    }

    @Test
    void unknownCategory_failsNamingIt() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(Banner.ATTRIBUTE, new Banner(TestSite.config().build()));
        HttpServletRequest request = request(attributes);

        assertThatThrownBy(() -> ConsentTags.image(request, "analytcs", "/p.gif", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown category 'analytcs', expected one of [necessary, preferences, analytics,"
                        + " advertising]");
    }

    @Test
    void inlineScript_closingTagInCode_fails() {
        HttpServletRequest request = request(Map.of());

        assertThatThrownBy(() -> ConsentTags.inlineScript(request, "analytics", "x = '</SCRIPT><script>evil()'"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inline script must not contain </script or <!--");
    }

    @Test
    void attributes_areEscaped() {
        HttpServletRequest request = request(Map.of());

        assertThat(ConsentTags.iframe(request, "video", "/v?a=\"><script>", "It's"))
                .isEqualTo("<iframe data-category=\"video\" data-src=\"/v?a=&quot;&gt;&lt;script&gt;\""
                        + " title=\"It&#39;s\"></iframe>");
    }
}
