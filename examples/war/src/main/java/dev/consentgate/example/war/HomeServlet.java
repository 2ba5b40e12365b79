package dev.consentgate.example.war;

import dev.consentgate.servlet.ConsentGate;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A page that sets cookies as a site with analytics tags would, with no consent logic of its own: the filter in front
 * of it (see {@code WEB-INF/web.xml}) drops those the visitor has not granted. Stateless, so thread-safe.
 */
public final class HomeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"/".equals(req.getServletPath())) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        resp.addCookie(new Cookie("_ga", "GA1.1.1234.5678"));
        resp.addHeader("Set-Cookie", "lang=en; Path=/; Max-Age=31536000");
        resp.setContentType("text/plain;charset=utf-8");
        resp.getWriter().println("analytics granted: " + ConsentGate.consent(req).isGranted("analytics"));
    }
}
