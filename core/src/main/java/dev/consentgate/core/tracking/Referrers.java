package dev.consentgate.core.tracking;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimises a {@code Referer}: by default to its origin, since paths and query strings leak search terms, session
 * tokens and password-reset links.
 */
final class Referrers {

    static final int MAX_FULL = 1_024;

    // scheme "://" [userinfo "@"] host [":" port], then anything; the host is a name or a bracketed IPv6 literal.
    private static final Pattern ORIGIN = Pattern.compile(
            "(?i)(https?)://(?:[^/?#@]*@)?([a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\\[[0-9a-f:.]{2,45}\\])"
                    + "(?::([0-9]{1,5}))?(?:[/?#].*)?", Pattern.DOTALL);

    private Referrers() {
    }

    static Optional<String> minimise(String referer, ReferrerMode mode) {
        return switch (mode) {
            case NONE -> Optional.empty();
            case FULL -> referer.isBlank() ? Optional.empty() : Optional.of(LogSafe.clean(referer.strip(), MAX_FULL));
            case ORIGIN -> origin(referer);
        };
    }

    /** {@code scheme://host[:port]} in lower case, without the default port; empty unless http(s) with a host. */
    static Optional<String> origin(String referer) {
        Matcher m = ORIGIN.matcher(referer.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String host = m.group(2).toLowerCase(Locale.ROOT);
        String port = m.group(3);
        if (port != null) {
            int number = Integer.parseInt(port);
            if (number == 0 || number > 65_535) {
                return Optional.empty();
            }
            boolean standard = scheme.equals("http") && number == 80 || scheme.equals("https") && number == 443;
            port = standard ? null : Integer.toString(number);
        }
        return Optional.of(scheme + "://" + host + (port == null ? "" : ":" + port));
    }
}
