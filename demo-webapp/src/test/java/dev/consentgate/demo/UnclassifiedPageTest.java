package dev.consentgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unclassified-cookie report of the demo, as JSON and on the audit page, over real HTTP. */
class UnclassifiedPageTest {

    private static final Map<String, String> ADMIN = Map.of("CONSENTGATE_ADMIN_USER", "auditor",
            "CONSENTGATE_ADMIN_PASSWORD", "pw");

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private DemoServer start(Map<String, String> env) throws Exception {
        return DemoServer.start(new DemoOptions(0, dataDir, Optional.empty(), true), env);
    }

    private HttpResponse<String> get(URI uri, String authorization, String cookies) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        if (authorization != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(authorization
                    .getBytes(StandardCharsets.UTF_8)));
        }
        if (cookies != null) {
            b.header("Cookie", cookies);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unclassified_noCredentialsConfigured_is404() throws Exception {
        try (DemoServer demo = start(Map.of())) {
            assertThat(get(demo.uri().resolve("/admin/unclassified"), "auditor:pw", null).statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void unclassified_wrongLogin_is401() throws Exception {
        try (DemoServer demo = start(ADMIN)) {
            assertThat(get(demo.uri().resolve("/admin/unclassified"), null, null).statusCode()).isEqualTo(401);
            assertThat(get(demo.uri().resolve("/admin/unclassified"), "auditor:x", null).statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void unclassified_loggedIn_listsNamesVisitorsSentAsJsonAndOnTheAuditPage() throws Exception {
        try (DemoServer demo = start(ADMIN)) {
            get(demo.uri(), null, "mystery_x=1; <b>=2");

            HttpResponse<String> json = get(demo.uri().resolve("/admin/unclassified"), "auditor:pw", null);
            HttpResponse<String> page = get(demo.uri().resolve("/admin/consents"), "auditor:pw", null);

            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.headers().firstValue("content-type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/json"));
            assertThat(json.headers().firstValue("cache-control")).hasValue("no-store");
            assertThat(json.body()).startsWith("{\"maxNames\":1000,\"names\":[")
                    .contains("{\"name\":\"mystery_x\",\"setByApp\":0,\"sentByClients\":1}");
            assertThat(page.body()).contains("<table id=\"unclassified\">", "<code>mystery_x</code>")
                    .doesNotContain("<code><b></code>");
        }
    }
}
