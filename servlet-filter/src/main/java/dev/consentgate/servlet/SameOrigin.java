package dev.consentgate.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;

/**
 * Tells a browser request from another site, which may not change a visitor's consent (CSRF).
 *
 * <p>Fetch metadata first: {@code Sec-Fetch-Site: cross-site} or {@code same-site} is refused (a sibling
 * subdomain is another site's code). Then {@code Origin}: it must be the request's own origin or a configured one
 * (behind a proxy the host the app sees may differ). A request with neither header is not a browser's cross-site
 * request (browsers send {@code Origin} on every cross-origin POST) and is allowed, so scripts and servers can
 * record consent.
 */
final class SameOrigin {

    private SameOrigin() {
    }

    static boolean allows(HttpServletRequest request, List<String> allowedOrigins) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            String s = site.strip().toLowerCase(Locale.ROOT);
            if (s.equals("cross-site") || s.equals("same-site")) {
                return false;
            }
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.equals(ownOrigin(request)) || allowedOrigins.contains(o);
    }

    /** {@code scheme://host[:port]} of the request as the container sees it, default ports omitted (RFC 6454). */
    static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        String host = request.getServerName().toLowerCase(Locale.ROOT);
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
