package dev.consentgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo enables every consent signal, so each can be tried against it. */
class DemoSignalsTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private JsonNode consent(DemoServer demo, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(demo.uri().resolve("/consent")).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return new ObjectMapper().readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void eachConsentManagerCookie_isReadAndNamedAsTheSource() throws Exception {
        Map<String, String> cookies = Map.of(
                "cookiebot", "CookieConsent={stamp:%27x%27%2Cnecessary:true%2Cpreferences:false%2Cstatistics:true"
                        + "%2Cmarketing:false%2Cmethod:%27explicit%27%2Cver:1}",
                "onetrust", "OptanonConsent=interactionCount=1&groups=C0001%3A1%2CC0002%3A1%2CC0004%3A0",
                "cookieconsent", "cc_cookie={\"categories\":[\"necessary\",\"analytics\"],\"revision\":0}",
                "klaro", "klaro=%7B%22googleAnalytics%22%3Atrue%2C%22facebookPixel%22%3Afalse%7D",
                "tarteaucitron", "tarteaucitron=!gtag=true!facebookpixel=wait");
        try (DemoServer demo = DemoServer.start(new DemoOptions(0, dataDir, Optional.empty(), true), Map.of())) {
            for (Map.Entry<String, String> e : cookies.entrySet()) {
                JsonNode body = consent(demo, "Cookie", e.getValue());

                assertThat(body.get("source").asText()).as(e.getKey()).isEqualTo(e.getKey());
                assertThat(body.get("granted").toString()).as(e.getKey()).isEqualTo("[\"necessary\",\"analytics\"]");
            }
        }
    }

    @Test
    void gpc_isHonouredAndAnnounced() throws Exception {
        try (DemoServer demo = DemoServer.start(new DemoOptions(0, dataDir, Optional.empty(), true), Map.of())) {
            JsonNode body = consent(demo, "Sec-GPC", "1", "Cookie", "cc_cookie={\"categories\":[\"advertising\","
                    + "\"analytics\"]}");
            HttpResponse<String> wellKnown = http.send(HttpRequest.newBuilder(URI.create(demo.uri()
                    + ".well-known/gpc.json")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(body.get("gpc").asBoolean()).isTrue();
            assertThat(body.get("granted").toString()).isEqualTo("[\"necessary\",\"analytics\"]");
            assertThat(wellKnown.body()).isEqualTo("{\"gpc\":true,\"lastUpdate\":\"2026-11-25\"}");
        }
    }
}
