package dev.consentgate.demo;

import dev.consentgate.core.config.ConsentGateConfig;
import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.servlet.ConsentGate;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's pages. The home page sets cookies the way a typical site with analytics and ad tags does, through
 * all three servlet APIs, and relies on the filter alone to keep the refused ones out; its tags (local stand-ins
 * for the vendors', under {@code /assets/}) set cookies from JavaScript, which the banner's gating and the CSP keep
 * out.
 */
final class SiteServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> ASSETS = Map.of(
            "/analytics-tag.js", "text/javascript;charset=utf-8",
            "/ads-tag.js", "text/javascript;charset=utf-8",
            "/ad-pixel.gif", "image/gif");

    private final transient Optional<ConsentGateConfig> config;
    private final transient Optional<ConsentPolicy> policy;

    SiteServlet(Optional<ConsentGateConfig> config) {
        this.config = config;
        this.policy = config.map(ConsentGateConfig::policy);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath();
        switch (path) {
            case "/", "" -> {
                setTrackingCookies(req, resp);
                Optional<ConsentState> consent = policy.map(p -> ConsentGate.consent(req));
                html(resp, Pages.home(req, consent, policy));
            }
            case "/privacy" -> html(resp, PrivacyPage.render(req, config,
                    config.map(c -> ConsentGate.consent(req))));
            case "/assets" -> asset(req.getPathInfo(), resp);
            default -> resp.sendError(404);
        }
    }

    /** TRACE echoes the request, cookies included, to whoever can make a browser send one: no page needs it. */
    @Override
    protected void doTrace(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
    }

    /**
     * What the analytics and ad tags of a typical site would set. {@code setHeader} comes first because it replaces
     * every earlier {@code Set-Cookie} of the response, the session cookie included.
     */
    private static void setTrackingCookies(HttpServletRequest req, HttpServletResponse resp) {
        resp.setHeader("Set-Cookie", "IDE=AHWqTUm3demo; Path=/; Max-Age=34128000; SameSite=None; Secure");
        req.getSession(true);
        Cookie lang = new Cookie("lang", "en");
        lang.setPath("/");
        lang.setMaxAge(31_536_000);
        resp.addCookie(lang);
        Cookie gid = new Cookie("_gid", "GA1.1.1234567890.1764000000");
        gid.setPath("/");
        gid.setMaxAge(86_400);
        resp.addCookie(gid);
        resp.addHeader("Set-Cookie", "_ga=GA1.1.987654321.1764000000; Path=/; Max-Age=34128000; SameSite=Lax");
        resp.addHeader("Set-Cookie", "_fbp=fb.1.1764000000000.123456789; Path=/; Max-Age=7776000; SameSite=Lax");
    }

    private static void asset(String name, HttpServletResponse resp) throws IOException {
        String type = name == null ? null : ASSETS.get(name);
        if (type == null) {
            resp.sendError(404);
            return;
        }
        try (InputStream in = SiteServlet.class.getResourceAsStream("assets" + name)) {
            if (in == null) {
                resp.sendError(404);
                return;
            }
            byte[] bytes = in.readAllBytes();
            resp.setContentType(type);
            resp.setContentLength(bytes.length);
            resp.getOutputStream().write(bytes);
        }
    }

    private static void html(HttpServletResponse resp, String page) throws IOException {
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        // Encoded here in one go: Jetty 12's response Writer encodes UTF-8 a char at a time, which cost more than
        // everything else on a page view (JFR, filter-overhead-wrk.sh).
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
