package dev.consentgate.demo;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * An admin page: the login is checked for every method before anything else, because {@link HttpServlet}'s own
 * {@code OPTIONS} and {@code TRACE} answers would otherwise say 200 to anyone (and TRACE echoes the request). Only
 * GET and HEAD exist; anything else is 405 once logged in.
 */
abstract class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Optional<AdminCredentials> credentials;

    AdminServlet(Optional<AdminCredentials> credentials) {
        this.credentials = credentials;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (!AdminCredentials.admit(credentials, req, resp)) {
            return;
        }
        String method = req.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            resp.setHeader("Allow", "GET, HEAD");
            resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        super.service(req, resp);
    }
}
