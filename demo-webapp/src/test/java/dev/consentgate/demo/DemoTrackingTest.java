package dev.consentgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The demo's tracking records in {@code <data-dir>/tracking.jsonl}, as requests over real HTTP leave them. */
class DemoTrackingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like"
            + " Gecko) Chrome/124.0.0.0 Safari/537.36";
    private static final String FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101"
            + " Firefox/125.0";
    private static final String SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15";
    private static final String EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like"
            + " Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80";
    private static final String REFERER = "https://www.google.com/search?q=lumen+trust+certificate+revoked";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path dataDir;
    @TempDir
    Path configDir;

    private DemoServer start() throws Exception {
        return DemoServer.start(new DemoOptions(0, dataDir, Optional.empty(), true), Map.of());
    }

    /** The demo with the bundled configuration's {@code tracking} object changed by {@code change}. */
    private DemoServer start(Consumer<ObjectNode> change) throws Exception {
        JsonNode config;
        try (InputStream in = DemoServer.class.getClassLoader().getResourceAsStream(DemoServer.BUNDLED_CONFIG)) {
            config = JSON.readTree(in);
        }
        change.accept((ObjectNode) config.get("tracking"));
        Path file = configDir.resolve("consentgate.json");
        JSON.writeValue(file.toFile(), config);
        return DemoServer.start(new DemoOptions(0, dataDir, Optional.of(file), true), Map.of());
    }

    private String grant(DemoServer demo, String categories) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(demo.uri().resolve("/consent"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"granted\":[" + categories + "]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.headers().allValues("set-cookie").get(0).split(";", 2)[0];
    }

    private HttpResponse<String> visit(URI uri, String... headers) throws Exception {
        List<String> all = new ArrayList<>(List.of(headers));
        all.addAll(List.of("Referer", REFERER, "X-Forwarded-For", "203.0.113.77"));
        return http.send(HttpRequest.newBuilder(uri).headers(all.toArray(String[]::new)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The file's lines once it has {@code count} of them; records follow the app, so wait a little. */
    private List<String> lines(int count) throws Exception {
        Path file = dataDir.resolve(DemoServer.TRACKING_FILE);
        List<String> lines = List.of();
        for (int i = 0; i < 100; i++) {
            lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            if (lines.size() >= count) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(lines).hasSize(count);
        return lines;
    }

    private JsonNode record(int count) throws Exception {
        return JSON.readTree(lines(count).get(count - 1));
    }

    @Test
    void noConsent_recordsNoIpBrowserReferrerOrPath() throws Exception {
        try (DemoServer demo = start()) {
            visit(demo.uri().resolve("/?utm_source=newsletter&gclid=abc"), "User-Agent", CHROME);
            visit(demo.uri().resolve("/privacy"), "User-Agent", FIREFOX);

            List<String> lines = lines(2);
            for (String line : lines) {
                assertThat(line).doesNotContain("203.0.113", "127.0.0", "Chrome", "Firefox", "google", "newsletter");
                assertThat(JSON.readTree(line).properties()).extracting(Map.Entry::getKey)
                        .containsExactly("time", "method", "route", "status", "latencyMs");
            }
            assertThat(JSON.readTree(lines.get(0)).get("route").asText()).isEqualTo("/");
            assertThat(JSON.readTree(lines.get(1)).get("route").asText()).isEqualTo("/privacy");
            assertThat(JSON.readTree(lines.get(1)).get("status").asInt()).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        CHROME + "  | Chrome 124 / Windows",
        FIREFOX + " | Firefox 125 / Windows",
        SAFARI + "  | Safari 17 / Mac OS X",
        EDGE + "    | Edge 124 / Windows",
    })
    void analyticsGranted_recordsTruncatedIpFromTrustedProxyBrowserFamilyAndReferrerOrigin(String userAgent,
            String browser) throws Exception {
        try (DemoServer demo = start()) {
            String consent = grant(demo, "\"analytics\"");

            visit(demo.uri().resolve("/privacy?utm_source=newsletter"), "User-Agent", userAgent, "Cookie", consent);

            JsonNode r = record(1);
            assertThat(r.get("ip").asText()).isEqualTo("203.0.113.0");
            assertThat(r.get("browser").asText()).isEqualTo(browser);
            assertThat(r.get("referrer").asText()).isEqualTo("https://www.google.com");
            assertThat(r.get("path").asText()).isEqualTo("/privacy");
            assertThat(r.has("adParams")).isFalse();
        }
    }

    @Test
    void advertisingGranted_recordsAdParamsOnly() throws Exception {
        try (DemoServer demo = start()) {
            String consent = grant(demo, "\"advertising\"");

            visit(demo.uri().resolve("/?q=secret&utm_source=newsletter&utm_campaign=spring"), "User-Agent", CHROME,
                    "Cookie", consent);

            JsonNode r = record(1);
            assertThat(r.get("adParams")).isEqualTo(JSON.readTree(
                    "{\"utm_campaign\":\"spring\",\"utm_source\":\"newsletter\"}"));
            assertThat(r.has("ip") || r.has("browser") || r.has("referrer") || r.has("path")).isFalse();
        }
    }

    @Test
    void forgedForwardedForFromUntrustedPeer_isIgnored() throws Exception {
        try (DemoServer demo = start(t -> t.putArray("trustedProxies").add("10.0.0.0/8"))) {
            String consent = grant(demo, "\"analytics\"");

            visit(demo.uri(), "User-Agent", CHROME, "Cookie", consent);

            // The peer itself (loopback), truncated: IPv4 /24 or IPv6 /48.
            assertThat(record(1).get("ip").asText()).isIn("127.0.0.0", "::");
            assertThat(lines(1).get(0)).doesNotContain("203.0.113");
        }
    }

    @Test
    void userAgentWithCrLfAndFakeRecord_neverAddsARecord() throws Exception {
        try (DemoServer demo = start(t -> t.put("browser", "raw"))) {
            String consent = grant(demo, "\"analytics\", \"advertising\"");
            String fake = "{\"ip\":\"6.6.6.6\",\"browser\":\"forged\"}";

            // Jetty refuses CR and LF in header values outright.
            assertThat(raw(demo, consent, "Evil\r\n" + fake, "/")).startsWith("HTTP/1.1 400");
            // NEL and tab, which it passes, and CR LF percent-encoded in an ad parameter, become '?'.
            assertThat(raw(demo, consent, "Evil\u0085" + fake + "\tx", "/")).startsWith("HTTP/1.1 200");
            assertThat(raw(demo, consent, "Evil", "/?utm_source=x%0D%0A" + fake.replace("\"", "%22")))
                    .startsWith("HTTP/1.1 200");

            List<String> lines = lines(2);
            JsonNode first = JSON.readTree(lines.get(0));
            JsonNode second = JSON.readTree(lines.get(1));
            assertThat(first.get("browser").asText()).isEqualTo("Evil?" + fake + "?x");
            assertThat(first.get("ip").asText()).isNotEqualTo("6.6.6.6");
            assertThat(second.get("adParams").get("utm_source").asText()).isEqualTo("x??" + fake);
            assertThat(String.join("\n", lines)).doesNotContain("\\r", "\\n", "\\u0085");
        }
    }

    @Test
    void noConsentFilter_writesNoTrackingFile() throws Exception {
        try (DemoServer demo = DemoServer.start(new DemoOptions(0, dataDir, Optional.empty(), false), Map.of())) {
            visit(demo.uri(), "User-Agent", CHROME);
        }

        assertThat(dataDir.resolve(DemoServer.TRACKING_FILE)).doesNotExist();
    }

    /** A GET with this user agent over a plain socket: the JDK client refuses control characters in headers. */
    private static String raw(DemoServer demo, String cookie, String userAgent, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", demo.uri().getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie
                    + "\r\nUser-Agent: " + userAgent + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            String status = in.readLine();
            while (in.readLine() != null) {
                // read the answer to its end, so the record is written before the test reads the file
            }
            return status == null ? "" : status;
        }
    }
}
