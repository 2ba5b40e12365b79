package dev.consentgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consentgate.core.consent.SigningKeys;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registering the filter as web.xml does: the container creates it and passes init-params. */
class ConsentFilterInitTest {

    private static final String SECRET = SigningKeys.format(TestSite.KEY);
    private static final String CONFIG = """
            {"revision": 2,
             "categories": [{"id": "analytics", "title": "Analytics", "description": "Visits.",
                             "cookies": {"names": ["_ga", "_gid"], "prefixes": ["_ga_"]}}],
             "consentCookie": {"secure": "never"},
             "secret": "%s"}
            """.formatted(SECRET);

    @TempDir
    Path dir;

    private static FilterHolder holder(Map<String, String> params) {
        FilterHolder holder = new FilterHolder(ConsentFilter.class);
        holder.setInitParameters(params);
        return holder;
    }

    @Test
    void init_configFileParam_enforcesThatConfiguration() throws Exception {
        Path file = Files.writeString(dir.resolve("consentgate.json"), CONFIG);

        try (TestSite site = new TestSite(holder(Map.of("config", file.toString())))) {
            HttpResponse<String> consent = site.post("/consent", "application/json", "{\"action\":\"accept-all\"}");
            HttpResponse<String> r = site.get("/app/set-all", "Cookie", TestSite.consentCookie(consent));

            assertThat(consent.body()).contains("\"policyRevision\":2");
            // lang, _fbp and IDE are unclassified here: allowed because every category is granted.
            assertThat(TestSite.setCookieNames(r)).contains("_ga", "_gid", "_ga_ABC123", "lang", "_fbp", "IDE");
        }
    }

    @Test
    void init_noParam_readsClasspathConsentgateJson() throws Exception {
        try (TestSite site = new TestSite(holder(Map.of()))) {
            HttpResponse<String> r = site.get("/consent");

            assertThat(r.body()).contains("\"policyRevision\":7");
        }
    }

    @Test
    void init_unknownParam_failsStartupNamingIt() {
        assertThatThrownBy(() -> new TestSite(holder(Map.of("confg", "x.json"))))
                .hasStackTraceContaining("unknown init-param 'confg', expected one of [config]");
    }

    @Test
    void init_missingFile_failsStartupNamingIt() {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> new TestSite(holder(Map.of("config", missing.toString()))))
                .hasStackTraceContaining(missing + ": cannot read configuration");
    }

    @Test
    void init_invalidConfig_failsStartupWithJsonPath() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), CONFIG.replace("\"_ga_\"", "\"_ga_\"], \"patterns\": [\"(\""));

        assertThatThrownBy(() -> new TestSite(holder(Map.of("config", file.toString()))))
                .hasStackTraceContaining(file + ": $.categories[0].cookies.patterns[0]: invalid regular expression");
    }

    @Test
    void init_noSigningKey_failsStartupSayingWhatToSet() throws Exception {
        Path file = Files.writeString(dir.resolve("nokey.json"), "{}");
        ConsentFilter filter = ConsentFilter.builder().configFile(file).environment(Map.of()).build();

        assertThatThrownBy(() -> new TestSite(filter)).hasStackTraceContaining(
                "no signing key: set CONSENTGATE_SECRET to keyId:base64 (at least 32 random bytes)");
    }

    @Test
    void init_keyFromEnvironment_isUsed() throws Exception {
        Path file = Files.writeString(dir.resolve("env.json"), "{\"consentCookie\": {\"secure\": \"never\"}}");
        ConsentFilter filter = ConsentFilter.builder().configFile(file)
                .environment(Map.of("CONSENTGATE_SECRET", SECRET)).build();

        try (TestSite site = new TestSite(filter)) {
            HttpResponse<String> r = site.post("/consent", "application/json", "{\"action\":\"reject-all\"}");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(TestSite.consentCookie(r)).startsWith("consentgate=1.k1.");
        }
    }

    @Test
    void builtFilter_withInitParams_failsStartup() {
        ConsentFilter filter = ConsentFilter.builder().config(TestSite.config().build()).build();
        FilterHolder holder = new FilterHolder(filter);
        holder.setInitParameters(Map.of("config", "x.json"));

        assertThatThrownBy(() -> new TestSite(holder)).hasStackTraceContaining(
                "init-param 'config' is not allowed: this ConsentFilter was configured with ConsentFilter.builder()");
    }

    @Test
    void init_contextWithoutSessions_works() throws Exception {
        org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server();
        org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        org.eclipse.jetty.ee10.servlet.ServletContextHandler context =
                new org.eclipse.jetty.ee10.servlet.ServletContextHandler(); // no session handler
        context.addFilter(new FilterHolder(ConsentFilter.builder().config(TestSite.config().build()).build()), "/*",
                java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                            + connector.getLocalPort() + "/consent")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"decided\":false");
        } finally {
            server.stop();
        }
    }

    @Test
    void quotedConsentCookie_isStillRead() throws Exception {
        try (TestSite site = TestSite.start()) {
            String cookie = TestSite.consentCookie(site.post("/consent", "application/json",
                    "{\"granted\":[\"analytics\"]}"));
            String quoted = cookie.replaceFirst("=", "=\"") + "\"";

            assertThat(site.get("/consent", "Cookie", quoted).body()).contains("\"decided\":true");
        }
    }
}
