package dev.consentgate.servlet;

import dev.consentgate.core.config.ConsentGateConfig;
import dev.consentgate.core.config.SecureCookies;
import dev.consentgate.core.consent.SigningKey;
import dev.consentgate.core.consent.SigningKeys;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.core.policy.CookieMatchers;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.FilterHolder;

/**
 * A real servlet container — Jetty 12 ee10 or Tomcat 11 — on a free loopback port with the filter in front of a small
 * app that sets cookies through every servlet API, and a JDK HttpClient that carries cookies only as the tests say.
 * Shared by the filter tests; those that must hold on every container run once per {@link Container}.
 */
final class TestSite implements AutoCloseable {

    /** The containers the integration tests run on. */
    enum Container {
        JETTY, TOMCAT
    }

    static final SigningKey KEY = SigningKey.of("k1", "0123456789abcdef0123456789abcdef".getBytes(
            StandardCharsets.US_ASCII));

    static ConsentPolicy policy() {
        return ConsentPolicy.builder()
                .revision(3)
                .category(ConsentCategory.of("preferences", "Preferences", "Remembers your language.")
                        .withCookies(CookieMatchers.names("lang")))
                .category(ConsentCategory.of("analytics", "Analytics", "Counts visits.")
                        .withCookies(CookieMatchers.names("_ga", "_gid").withPrefixes("_ga_"))
                        .withHosts(List.of("www.googletagmanager.com", "www.google-analytics.com"))
                        .withTranslation("de", "Statistik", "Zählt Besuche."))
                .category(ConsentCategory.of("advertising", "Advertising", "Shows ads.")
                        .withCookies(CookieMatchers.names("_fbp", "IDE"))
                        .withHosts(List.of("connect.facebook.net")))
                .build();
    }

    static ConsentGateConfig.Builder config() {
        return ConsentGateConfig.builder().policy(policy()).secureCookies(SecureCookies.NEVER)
                .signingKeys(SigningKeys.of(List.of(KEY)));
    }

    private final AutoCloseable server;
    final Container container;
    final URI base;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    TestSite(ConsentFilter filter) throws Exception {
        this(new FilterHolder(filter));
    }

    /** A Jetty site whose filter the container creates and initialises, as from web.xml. */
    TestSite(FilterHolder filter) throws Exception {
        this(Container.JETTY, EmbeddedServers.jetty(filter, new App()));
    }

    /** A site on {@code container} with {@code filter} in front of the app. */
    TestSite(Container container, ConsentFilter filter) throws Exception {
        this(container, switch (container) {
            case JETTY -> EmbeddedServers.jetty(new FilterHolder(filter), new App());
            case TOMCAT -> EmbeddedServers.tomcat(filter, new App());
        });
    }

    /** The same app on {@code container} behind a filter that does nothing: what the container does alone. */
    static TestSite bare(Container container) throws Exception {
        Filter passThrough = (req, res, chain) -> chain.doFilter(req, res);
        return new TestSite(container, switch (container) {
            case JETTY -> EmbeddedServers.jetty(new FilterHolder(passThrough), new App());
            case TOMCAT -> EmbeddedServers.tomcat(passThrough, new App());
        });
    }

    private TestSite(Container container, EmbeddedServers.Running running) {
        this.container = container;
        this.server = running.stop();
        this.base = URI.create("http://127.0.0.1:" + running.port());
    }

    static TestSite start(Container container) throws Exception {
        return new TestSite(container, ConsentFilter.builder().config(config().build()).build());
    }

    static TestSite start(Container container, UnaryOperator<ConsentFilter.Builder> filter) throws Exception {
        return new TestSite(container, filter.apply(ConsentFilter.builder().config(config().build())).build());
    }

    static TestSite start() throws Exception {
        return new TestSite(ConsentFilter.builder().config(config().build()).build());
    }

    static TestSite start(UnaryOperator<ConsentFilter.Builder> filter) throws Exception {
        return new TestSite(filter.apply(ConsentFilter.builder().config(config().build())).build());
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), headers);
    }

    HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    HttpResponse<String> delete(String path, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE(), headers);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String... headers) throws Exception {
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends {@code request} (CRLF line endings, as given) over a plain socket, for what the JDK client refuses to
     * send; answers the status line.
     */
    String raw(String request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            String status = in.readLine();
            return status == null ? "" : status;
        }
    }

    /** The names of the cookies a response sets (not those it expires). */
    static List<String> setCookieNames(HttpResponse<?> response) {
        List<String> names = new ArrayList<>();
        for (String header : response.headers().allValues("set-cookie")) {
            if (!header.contains("Max-Age=0")) {
                names.add(header.substring(0, header.indexOf('=')));
            }
        }
        return names;
    }

    /** The {@code Set-Cookie} headers that expire a cookie. */
    static List<String> expired(HttpResponse<?> response) {
        return response.headers().allValues("set-cookie").stream().filter(h -> h.contains("Max-Age=0")).toList();
    }

    /** {@code name=value} of the consent cookie a response sets, for the next request's Cookie header. */
    static String consentCookie(HttpResponse<?> response) {
        return response.headers().allValues("set-cookie").stream().filter(h -> h.startsWith("consentgate="))
                .map(h -> h.substring(0, h.indexOf(';'))).findFirst()
                .orElseThrow(() -> new AssertionError("no consent cookie in " + response.headers().map()));
    }

    @Override
    public void close() throws Exception {
        server.close();
    }

    /**
     * The app: {@code /app/set-all} sets one cookie of each category through the three APIs; {@code /app/echo}
     * prints the cookies it can see; other paths exercise redirects, errors, exceptions, async, header replacement and
     * an app-named route.
     */
    static final class App extends HttpServlet {
        private static final long serialVersionUID = 1L;
        static final int STREAM_BYTES = 4 * 1024 * 1024;
        /** What became of the cookie {@code /app/stream} set after its response was committed. */
        static final java.util.concurrent.atomic.AtomicReference<String> LATE_COOKIE =
                new java.util.concurrent.atomic.AtomicReference<>();

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp)
                throws IOException, ServletException {
            String path = req.getPathInfo() == null ? "" : req.getPathInfo();
            switch (path) {
                case "/set-all" -> {
                    setAll(req, resp);
                    resp.getWriter().print("ok");
                }
                case "/echo" -> {
                    Cookie[] cookies = req.getCookies();
                    resp.getWriter().println("cookies=" + (cookies == null ? "" : String.join(",",
                            Arrays.stream(cookies).map(Cookie::getName).toList())));
                    resp.getWriter().println("header=" + req.getHeader("cookie"));
                }
                case "/set-header-blocked" -> {
                    resp.addHeader("Set-Cookie", "lang=de; Path=/");
                    resp.setHeader("SET-COOKIE", "_fbp=fb.1; Path=/");
                    resp.getWriter().print("ok");
                }
                case "/redirect" -> {
                    setAll(req, resp);
                    resp.sendRedirect("/app/echo");
                }
                case "/error" -> {
                    setAll(req, resp);
                    resp.sendError(500, "boom");
                }
                case "/set-strict" -> {
                    // Values only some parsers accept: quoted (RFC 6265 §4.1.1 allows DQUOTEs around the value)
                    // through a header, and a space and ';' through addCookie, which Jetty and Tomcat both refuse.
                    resp.addHeader("Set-Cookie", "_fbp=\"fb.1.2\"; Path=/");
                    resp.addCookie(new Cookie("_ga", "GA1 2;3"));
                    resp.getWriter().print("ok");
                }
                case "/throw" -> throw new IllegalStateException("the app failed");
                case "/throw-after-cookies" -> {
                    setAll(req, resp);
                    switch (String.valueOf(req.getParameter("as"))) {
                        case "io" -> throw new IOException("the app failed");
                        case "servlet" -> throw new ServletException("the app failed");
                        default -> throw new IllegalStateException("the app failed");
                    }
                }
                case "/stream" -> stream(resp);
                case "/tags" -> {
                    // What a template would render with ConsentTags, for the banner and CSP tests.
                    resp.setContentType("text/html;charset=utf-8");
                    resp.getWriter().print(String.join("\n", ConsentTags.script(req, "analytics", "/a.js?x=1&y=2"),
                            ConsentTags.inlineScript(req, "analytics", "window.a = 1;"),
                            ConsentTags.image(req, "advertising", "/pixel.gif", ""),
                            ConsentTags.iframe(req, "advertising", "/ad.html", "Ad"),
                            ConsentTags.settingsLink(req), "nonce=" + ConsentTags.nonce(req).orElse("none"),
                            "hosts=" + ConsentTags.grantedHosts(req), ConsentTags.banner(req)));
                }
                case "/own-csp" -> {
                    resp.addHeader("content-security-policy", "default-src 'none'");
                    resp.getWriter().print("ok");
                }
                case "/route" -> {
                    req.setAttribute(ConsentGate.ROUTE_ATTRIBUTE, "/app/{page}");
                    resp.getWriter().print("ok");
                }
                case "/async" -> {
                    AsyncContext async = req.startAsync();
                    async.start(() -> {
                        try {
                            setAll(req, (HttpServletResponse) async.getResponse());
                            async.getResponse().getWriter().print("async");
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        } finally {
                            async.complete();
                        }
                    });
                }
                default -> resp.sendError(404);
            }
        }

        /**
         * A large body ({@value #STREAM_BYTES} bytes) flushed early, so that the response commits with one cookie of
         * each optional category already set, then a cookie set after the commit; what happened to the late one is
         * kept in {@link #LATE_COOKIE}.
         */
        private static void stream(HttpServletResponse resp) throws IOException {
            resp.setContentType("application/octet-stream");
            resp.addCookie(new Cookie("lang", "en"));
            resp.addHeader("Set-Cookie", "_ga=GA1.2.345; Path=/");
            resp.addHeader("Set-Cookie", "_fbp=fb.1.2; Path=/");
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            ServletOutputStream out = resp.getOutputStream();
            out.write(chunk);
            out.flush();
            String late = "committed=" + resp.isCommitted();
            try {
                resp.addCookie(new Cookie("_gid", "late"));
                resp.addHeader("Set-Cookie", "IDE=late; Path=/");
                late += " thrown=none";
            } catch (RuntimeException e) {
                late += " thrown=" + e.getClass().getSimpleName() + " by " + e.getStackTrace()[0].getClassName();
            }
            LATE_COOKIE.set(late);
            for (int written = chunk.length; written < STREAM_BYTES; written += chunk.length) {
                out.write(chunk);
            }
        }

        /** Like a typical page with analytics and ad tags: each API used at least once. */
        private static void setAll(HttpServletRequest req, HttpServletResponse resp) {
            resp.setHeader("Set-Cookie", "IDE=ad.1; Path=/; Max-Age=3600");
            req.getSession(true);
            resp.addCookie(new Cookie("lang", "en"));
            resp.addCookie(new Cookie("_gid", "GA1.2.3"));
            resp.addHeader("Set-Cookie", "_ga=GA1.2.345; Path=/; Max-Age=3600");
            resp.addHeader("set-cookie", "_fbp=fb.1.2; Path=/");
            resp.addHeader("Set-Cookie", "_ga_ABC123=GS1.1; Path=/");
        }
    }
}
