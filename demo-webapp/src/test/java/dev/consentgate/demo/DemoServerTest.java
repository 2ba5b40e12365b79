package dev.consentgate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consentgate.core.log.ConsentLogSource;
import dev.consentgate.core.log.ConsentRecord;
import dev.consentgate.core.log.RecordFormat;
import dev.consentgate.core.log.Verification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo as a visitor meets it, over real HTTP. */
class DemoServerTest {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path dataDir;

    private DemoServer start(boolean filter) throws Exception {
        return DemoServer.start(new DemoOptions(0, dataDir, Optional.empty(), filter), Map.of());
    }

    private HttpResponse<String> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> cookieNames(HttpResponse<?> r) {
        List<String> names = new ArrayList<>();
        for (String h : r.headers().allValues("set-cookie")) {
            if (!h.contains("Max-Age=0")) {
                names.add(h.substring(0, h.indexOf('=')));
            }
        }
        return names;
    }

    @Test
    void home_beforeConsent_setsOnlySessionCookie() throws Exception {
        try (DemoServer demo = start(true)) {
            HttpResponse<String> r = get(demo.uri());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(cookieNames(r)).containsExactly("JSESSIONID");
            // The banner's script and, for browsers without JavaScript, its form.
            assertThat(r.body()).contains("/consent/banner.js?v=", "<noscript>",
                    "<form method=\"post\" action=\"/consent\">", ">Accept all</button>", ">Reject all</button>",
                    "<legend>Customise</legend>", "data-consentgate-settings>Cookie settings</a>");
        }
    }

    @Test
    void home_afterAcceptAllForm_setsEveryCookie() throws Exception {
        try (DemoServer demo = start(true)) {
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(demo.uri().resolve("/consent"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("action=accept-all&return=/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(303);
            String consent = post.headers().allValues("set-cookie").get(0).split(";", 2)[0];

            HttpResponse<String> r = get(demo.uri(), "Cookie", consent);

            assertThat(cookieNames(r)).containsExactlyInAnyOrder("IDE", "JSESSIONID", "lang", "_gid", "_ga",
                    "_fbp");
            assertThat(r.body()).contains("You allowed: advertising, analytics, necessary, preferences");
        }
    }

    @Test
    void home_tagsAndCsp_followTheVisitorsChoice() throws Exception {
        try (DemoServer demo = start(true)) {
            HttpResponse<String> before = get(demo.uri());
            String consent = http.send(HttpRequest.newBuilder(demo.uri().resolve("/consent"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"granted\":[\"analytics\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString()).headers().allValues("set-cookie").get(0).split(";", 2)[0];
            HttpResponse<String> after = get(demo.uri(), "Cookie", consent);

            assertThat(before.body()).contains("<script type=\"text/plain\" data-category=\"analytics\""
                    + " src=\"/assets/analytics-tag.js\"", "<script type=\"text/plain\""
                    + " data-category=\"advertising\" src=\"/assets/ads-tag.js\"",
                    "<img data-category=\"advertising\" data-src=\"/assets/ad-pixel.gif\"");
            assertThat(before.headers().firstValue("content-security-policy").orElseThrow())
                    .contains("script-src 'self' 'nonce-").doesNotContain("googletagmanager", "facebook");
            assertThat(after.body()).contains("<script src=\"/assets/analytics-tag.js\"></script>",
                    "<script type=\"text/plain\" data-category=\"advertising\"");
            assertThat(after.headers().firstValue("content-security-policy").orElseThrow())
                    .contains("connect-src 'self' www.googletagmanager.com www.google-analytics.com")
                    .doesNotContain("facebook", "doubleclick");
        }
    }

    @Test
    void bundledConfig_listsTheExampleHostsPerCategory() throws Exception {
        try (var in = DemoServer.class.getClassLoader().getResourceAsStream(DemoServer.BUNDLED_CONFIG)) {
            var policy = dev.consentgate.core.config.ConfigLoader.load(in, "bundled").policy();

            assertThat(policy.category("analytics").orElseThrow().hosts())
                    .containsExactly("www.googletagmanager.com", "www.google-analytics.com");
            assertThat(policy.category("advertising").orElseThrow().hosts())
                    .containsExactly("connect.facebook.net", "securepubads.g.doubleclick.net");
            assertThat(policy.category("preferences").orElseThrow().hosts()).isEmpty();
        }
    }

    @Test
    void assets_standInTagsAreServed() throws Exception {
        try (DemoServer demo = start(true)) {
            HttpResponse<String> tag = get(demo.uri().resolve("/assets/analytics-tag.js"));

            assertThat(tag.statusCode()).isEqualTo(200);
            assertThat(tag.headers().firstValue("content-type")).hasValue("text/javascript;charset=utf-8");
            assertThat(tag.body()).contains("document.cookie = '_ga=");
            assertThat(get(demo.uri().resolve("/assets/other.js")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void restart_keepsSecret_consentStillValid() throws Exception {
        String consent;
        try (DemoServer demo = start(true)) {
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(demo.uri().resolve("/consent"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"granted\":[\"analytics\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            consent = post.headers().allValues("set-cookie").get(0).split(";", 2)[0];
        }
        assertThat(Files.readString(dataDir.resolve(DemoSecret.FILE))).startsWith("demo:");
        try (DemoServer demo = start(true)) {
            HttpResponse<String> r = get(demo.uri().resolve("/consent"), "Cookie", consent);

            assertThat(r.body()).contains("\"granted\":[\"necessary\",\"analytics\"]");
        }
    }

    @Test
    void consentChoice_isInTheVerifiedConsentLog() throws Exception {
        String consentId;
        URI uri;
        try (DemoServer demo = start(true)) {
            uri = demo.uri();
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(demo.uri().resolve("/consent"))
                    .header("Content-Type", "application/json").header("Referer", demo.uri() + "privacy?q=secret")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"granted\":[\"analytics\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            consentId = post.body().split("\"consentId\":\"", 2)[1].substring(0, 36);
        }

        Path log = dataDir.resolve(DemoServer.CONSENT_LOG);
        Verification v = ConsentLogSource.files(log).verify(Optional.empty());
        assertThat(v.problem()).isEmpty();
        assertThat(v.records()).isEqualTo(1);
        String line;
        try (var segments = Files.list(log)) {
            Path segment = segments.filter(p -> p.getFileName().toString().startsWith("consents-")).findFirst()
                    .orElseThrow();
            line = Files.readString(segment);
        }
        ConsentRecord r = RecordFormat.parse(line.strip());
        assertThat(r.consentId().toString()).isEqualTo(consentId);
        assertThat(r.action()).isEqualTo("custom");
        assertThat(r.granted()).containsExactly("analytics", "necessary");
        assertThat(r.refused()).containsExactly("advertising", "preferences");
        assertThat(r.personal().get("page").value()).isEqualTo(uri + "privacy");
        assertThat(line).doesNotContain("secret");
    }

    @Test
    void privacy_describesWhatIsCollected() throws Exception {
        try (DemoServer demo = start(true)) {
            HttpResponse<String> r = get(demo.uri().resolve("/privacy"));

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("IP", "browser type", "referral URL", "clickstream", "ad networks");
        }
    }

    @Test
    void privacy_tableComesFromTheLiveConfigAndShowsTheVisitorsChoice() throws Exception {
        try (DemoServer demo = start(true)) {
            HttpResponse<String> before = get(demo.uri().resolve("/privacy"));
            String consent = http.send(HttpRequest.newBuilder(demo.uri().resolve("/consent"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"granted\":[\"analytics\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString()).headers().allValues("set-cookie").get(0).split(";", 2)[0];
            HttpResponse<String> after = get(demo.uri().resolve("/privacy"), "Cookie", consent);

            assertThat(before.body()).contains("You have not made a choice yet",
                    "<code>www.googletagmanager.com</code><br><code>www.google-analytics.com</code>",
                    "<code>connect.facebook.net</code><br><code>securepubads.g.doubleclick.net</code>",
                    "<code>_ga_*</code>", "<code>consentgate</code> (your consent choice)",
                    "until you withdraw consent, at most 365 days", "a refusal: 182 days");
            assertThat(before.body().split("<td class=\"choice\">Not allowed</td>", -1)).hasSize(4);
            assertThat(after.body()).contains("You made your choice on ")
                    .containsPattern("<tr data-category=\"analytics\">.*<td class=\"choice\">Allowed</td></tr>")
                    .containsPattern("<tr data-category=\"advertising\">.*<td class=\"choice\">Not allowed</td></tr>");
        }
    }

    @Test
    void noConsentFilter_baseline_setsEveryCookie() throws Exception {
        try (DemoServer demo = start(false)) {
            HttpResponse<String> r = get(demo.uri());

            assertThat(cookieNames(r)).containsExactlyInAnyOrder("IDE", "JSESSIONID", "lang", "_gid", "_ga", "_fbp");
            assertThat(get(demo.uri().resolve("/consent")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void options_unknownFlag_isRejectedWithUsage() {
        assertThatThrownBy(() -> DemoOptions.parse("--prot", "1"))
                .hasMessageStartingWith("unknown option '--prot'").hasMessageContaining("usage:");
        assertThatThrownBy(() -> DemoOptions.parse("--port", "x"))
                .hasMessage("--port must be a number from 0 to 65535, got 'x'");
    }
}
