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
            assertThat(r.body()).contains("Accept all", "Reject all", "Customise", "Cookie settings");
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
