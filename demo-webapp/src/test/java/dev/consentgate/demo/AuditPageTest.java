package dev.consentgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit page of the demo, over real HTTP. */
class AuditPageTest {

    private static final Map<String, String> ADMIN = Map.of("CONSENTGATE_ADMIN_USER", "auditor",
            "CONSENTGATE_ADMIN_PASSWORD", "correct horse battery staple");

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private DemoServer start(Map<String, String> env) throws Exception {
        return DemoServer.start(new DemoOptions(0, dataDir, Optional.empty(), true), env);
    }

    private HttpResponse<String> get(URI uri, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String decide(URI base, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/consent"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body().split("\"consentId\":\"", 2)[1].substring(0, 36);
    }

    @Test
    void auditPage_noCredentialsConfigured_is404() throws Exception {
        try (DemoServer demo = start(Map.of())) {
            assertThat(get(demo.uri().resolve("/admin/consents"), "auditor", "x").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void auditPage_withoutOrWrongLogin_is401() throws Exception {
        try (DemoServer demo = start(ADMIN)) {
            HttpResponse<String> none = get(demo.uri().resolve("/admin/consents"), null, null);
            HttpResponse<String> wrong = get(demo.uri().resolve("/admin/consents"), "auditor", "guess");

            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("www-authenticate")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Basic realm="));
            assertThat(wrong.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void auditPage_loggedIn_showsChainStatusAndHistory() throws Exception {
        try (DemoServer demo = start(ADMIN)) {
            String id = decide(demo.uri(), "{\"action\":\"accept-all\"}");
            HttpResponse<String> second = http.send(HttpRequest.newBuilder(demo.uri().resolve("/consent"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"accept-all\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(second.statusCode()).isEqualTo(200);

            HttpResponse<String> r = get(demo.uri().resolve("/admin/consents?consentId=" + id), "auditor",
                    "correct horse battery staple");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("<p id=\"chain-status\">Intact: 2 records, 0 redacted</p>",
                    "<table id=\"history\">", "<td>accept-all</td>", "<figure id=\"stats-chart\"><svg",
                    "2 decisions");
            assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
        }
    }

    @Test
    void auditPage_tamperedLog_saysNotIntactAndWhere() throws Exception {
        try (DemoServer demo = start(ADMIN)) {
            decide(demo.uri(), "{\"action\":\"reject-all\"}");
            decide(demo.uri(), "{\"action\":\"reject-all\"}");
            Path segment;
            try (var files = Files.list(dataDir.resolve(DemoServer.CONSENT_LOG))) {
                segment = files.filter(p -> p.getFileName().toString().startsWith("consents-")).findFirst()
                        .orElseThrow();
            }
            List<String> lines = Files.readAllLines(segment);
            lines.set(0, lines.get(0).replace("reject-all", "accept-all"));
            Files.writeString(segment, String.join("\n", lines) + "\n");

            HttpResponse<String> r = get(demo.uri().resolve("/admin/consents"), "auditor",
                    "correct horse battery staple");

            assertThat(r.body()).contains("NOT INTACT", "<strong>edited</strong>: record 1 at "
                    + segment.getFileName() + ":1 was edited");
        }
    }
}
