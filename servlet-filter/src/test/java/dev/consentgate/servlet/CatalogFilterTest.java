package dev.consentgate.servlet;

import static dev.consentgate.servlet.TestSite.expired;
import static dev.consentgate.servlet.TestSite.setCookieNames;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.catalog.CookieCatalog;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The filter with the built-in catalog, the unclassified-cookie report, and parent-domain expiry, over real HTTP. */
class CatalogFilterTest {

    @Test
    void catalog_knownTrackerTheConfigLacks_isBlockedUntilItsCategoryIsGranted() throws Exception {
        ConsentFilter filter = ConsentFilter.builder().config(TestSite.config()
                .catalogs(List.of(CookieCatalog.builtIn())).build()).build();
        try (SetNames site = new SetNames(filter)) {
            HttpResponse<String> before = site.get("/?name=_hjSessionUser_42&name=_clck&name=app_pref", null);
            // app_pref is unclassified and blocked until all is granted; the catalog's analytics names are refused
            assertThat(setCookieNames(before)).isEmpty();

            HttpResponse<String> consent = site.post("{\"granted\":[\"analytics\"]}");
            String cookie = TestSite.consentCookie(consent);
            HttpResponse<String> after = site.get("/?name=_hjSessionUser_42&name=_clck&name=_fbp&name=app_pref",
                    cookie);
            assertThat(setCookieNames(after)).containsExactlyInAnyOrder("_hjSessionUser_42", "_clck");
        }
    }

    @Test
    void catalog_appConfiguration_overridesCatalog() throws Exception {
        // TestSite's policy puts "lang" under preferences; the catalog would not, and _ga stays analytics.
        ConsentFilter filter = ConsentFilter.builder().config(TestSite.config()
                .catalogs(List.of(CookieCatalog.builtIn())).build()).build();
        try (SetNames site = new SetNames(filter)) {
            String cookie = TestSite.consentCookie(site.post("{\"granted\":[\"preferences\"]}"));
            assertThat(setCookieNames(site.get("/?name=lang&name=_ga&name=_gcl_au", cookie)))
                    .containsExactly("lang");
        }
    }

    @Test
    void unclassifiedReport_countsNamesTheAppSetAndClientsSent() throws Exception {
        ConsentFilter filter = ConsentFilter.builder().config(TestSite.config()
                .catalogs(List.of(CookieCatalog.builtIn())).build()).build();
        try (SetNames site = new SetNames(filter)) {
            site.get("/?name=app_pref&name=_ga", "tracker_x=1; _hjid=2; tracker_x=3");
            site.get("/?name=app_pref", null);

            assertThat(filter.unclassifiedCookies().entries()).containsExactly(
                    new UnclassifiedReport.Entry("app_pref", 2, 0),
                    new UnclassifiedReport.Entry("tracker_x", 0, 2));
            assertThat(filter.unclassifiedCookiesReceived()).isEqualTo(2);
        }
    }

    @Test
    void expiry_hostBelowConfiguredDomain_alsoExpiresForTheParentDomain() throws Exception {
        try (TestSite site = new TestSite(ConsentFilter.builder().config(TestSite.config()
                .cookieDomains(List.of("example.com")).cookiePaths(List.of("/", "/shop")).build()).build())) {
            String response = rawGet(site.base, "www.example.com", "_ga=1");

            assertThat(response.lines().filter(l -> l.regionMatches(true, 0, "Set-Cookie: _ga=", 0, 16))
                    .map(l -> l.substring("Set-Cookie: ".length())).toList()).containsExactly(
                    "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
                    "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Domain=example.com",
                    "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/shop",
                    "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/shop; Domain=example.com");
            assertThat(expired(site.get("/app/echo", "Cookie", "_ga=1")))
                    .noneMatch(h -> h.contains("Domain=example.com"));
        }
    }

    /** The response head of a GET with a Host header the JDK client will not send. */
    private static String rawGet(URI base, String host, String cookies) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /app/echo HTTP/1.1\r\nHost: " + host + "\r\nCookie: " + cookies
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return all.substring(0, all.indexOf("\r\n\r\n"));
        }
    }

    /** Jetty with the filter before an app that sets a cookie for each {@code name} parameter. */
    private static final class SetNames implements AutoCloseable {
        private final Server server = new Server();
        private final URI base;
        private final HttpClient http = HttpClient.newHttpClient();

        SetNames(ConsentFilter filter) throws Exception {
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new HttpServlet() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    for (String name : req.getParameterValues("name")) {
                        resp.addHeader("Set-Cookie", name + "=v; Path=/");
                    }
                    resp.getWriter().print("ok");
                }
            }), "/");
            server.setHandler(context);
            server.start();
            base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
        }

        HttpResponse<String> get(String pathAndQuery, String cookies) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(pathAndQuery));
            if (cookies != null) {
                r.header("Cookie", cookies);
            }
            return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String json) throws Exception {
            return http.send(HttpRequest.newBuilder(base.resolve("consent")).header("Content-Type",
                    "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }
}
