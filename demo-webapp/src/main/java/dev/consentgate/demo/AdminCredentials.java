package dev.consentgate.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The audit page's login, from {@code CONSENTGATE_ADMIN_USER} and {@code CONSENTGATE_ADMIN_PASSWORD}. Without both,
 * there is no audit page at all (404), never an open one.
 */
record AdminCredentials(String user, String password) {

    static final String USER_VARIABLE = "CONSENTGATE_ADMIN_USER";
    static final String PASSWORD_VARIABLE = "CONSENTGATE_ADMIN_PASSWORD";

    static Optional<AdminCredentials> fromEnvironment(Map<String, String> environment) {
        String user = environment.get(USER_VARIABLE);
        String password = environment.get(PASSWORD_VARIABLE);
        if (user == null || user.isBlank() || password == null || password.isEmpty()) {
            return Optional.empty();
        }
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException(USER_VARIABLE + " must not contain ':' (RFC 7617 §2)");
        }
        return Optional.of(new AdminCredentials(user, password));
    }

    /**
     * Lets an admin request through, or answers it: 404 when no credentials are configured (the page does not
     * exist, rather than being open), 401 with a Basic challenge when the login is missing or wrong. Admin answers
     * are never cached.
     *
     * @return whether the request may go on
     */
    static boolean admit(Optional<AdminCredentials> credentials, jakarta.servlet.http.HttpServletRequest req,
            jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
        if (credentials.isEmpty()) {
            resp.sendError(404);
            return false;
        }
        resp.setHeader("Cache-Control", "no-store");
        if (!credentials.get().accepts(req.getHeader("Authorization"))) {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"Consent Gate audit\", charset=\"UTF-8\"");
            resp.sendError(401);
            return false;
        }
        return true;
    }

    /** Whether an {@code Authorization} header carries these credentials (HTTP Basic, RFC 7617), in constant time. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.substring(6).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected);
    }

    @Override
    public String toString() {
        return "AdminCredentials[" + user + ", ***]";
    }
}
