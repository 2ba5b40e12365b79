package dev.consentgate.servlet;

import dev.consentgate.core.signal.SignalsConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /.well-known/gpc.json}: tells user agents the site honours Global Privacy Control (GPC specification §4.2),
 * {@code {"gpc": true, "lastUpdate": "YYYY-MM-DD"}}, {@code lastUpdate} only when configured. Served only while GPC
 * is honoured. Thread-safe.
 */
final class GpcResource {

    static final String PATH = "/.well-known/gpc.json";

    private final byte[] body;

    GpcResource(SignalsConfig signals) {
        String json = "{\"gpc\":true" + signals.gpcLastUpdate().map(d -> ",\"lastUpdate\":\"" + d + "\"").orElse("")
                + "}";
        this.body = json.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether this request is for the resource (below the context path, as the filter sees every path). */
    void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(405);
            return;
        }
        response.setStatus(200);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "public, max-age=86400");
        response.setContentLength(body.length);
        if (method.equals("GET")) {
            response.getOutputStream().write(body);
        }
    }
}
