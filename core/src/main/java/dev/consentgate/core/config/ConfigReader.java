package dev.consentgate.core.config;

import dev.consentgate.core.consent.SigningKeys;
import dev.consentgate.core.policy.ConsentPolicy;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Reads a parsed configuration file into {@link ConsentGateConfig#builder()}; see {@link ConfigLoader}. */
final class ConfigReader {

    private static final List<String> KEYS = Stream.concat(PolicyReader.KEYS.stream(), Stream.of("consentCookie",
            "cookieDomains", "cookiePaths", "maxExpiryHeaders", "endpoint", "secret", "tracking", "signals", "csp",
            "consentLog", "catalog", "openCookieDatabase")).toList();
    private static final List<String> CONSENT_COOKIE_KEYS = List.of("name", "secure");
    private static final List<String> ENDPOINT_KEYS = List.of("path", "allowedOrigins");
    private static final List<String> CONSENT_LOG_KEYS = List.of("personal");

    private ConfigReader() {
    }

    static ConsentGateConfig read(ConfigNode root) {
        root.object(KEYS);
        ConsentPolicy policy = PolicyReader.read(root);
        ConsentGateConfig.Builder config = ConsentGateConfig.builder().policy(policy);
        root.field("consentCookie").ifPresent(cookie -> {
            cookie.object(CONSENT_COOKIE_KEYS);
            SecureCookies secure = cookie.field("secure")
                    .map(n -> n.oneOf(SecureCookies.values(), SecureCookies::jsonName)).orElse(SecureCookies.AUTO);
            config.secureCookies(secure);
            cookie.field("name").ifPresent(n -> n.apply(
                    () -> config.cookieName(ConsentGateConfig.checkCookiePrefix(n.text(), secure))));
        });
        root.field("cookieDomains").ifPresent(n -> n.eachText(config::cookieDomains));
        root.field("cookiePaths").ifPresent(n -> n.eachText(config::cookiePaths));
        root.field("maxExpiryHeaders").ifPresent(n -> n.apply(() -> config.maxExpiryHeaders(n.intValue())));
        root.field("endpoint").ifPresent(endpoint -> {
            endpoint.object(ENDPOINT_KEYS);
            endpoint.field("path").ifPresent(n -> n.apply(() -> config.endpointPath(n.text())));
            endpoint.field("allowedOrigins").ifPresent(n -> n.eachText(config::allowedOrigins));
        });
        root.field("secret").ifPresent(n -> config.signingKeys(signingKeys(n)));
        root.field("tracking").ifPresent(n -> config.tracking(TrackingReader.read(n, policy)));
        root.field("signals").ifPresent(n -> config.signals(SignalsReader.read(n, policy)));
        root.field("csp").ifPresent(n -> config.csp(CspReader.read(n)));
        root.field("consentLog").ifPresent(n -> {
            n.object(CONSENT_LOG_KEYS);
            n.field("personal").ifPresent(p -> p.eachText(fields -> config.consentLogPersonal(Set.copyOf(fields))));
        });
        config.catalogs(CatalogReader.read(root));
        return config.build();
    }


    private static SigningKeys signingKeys(ConfigNode node) {
        String spec = node.text();
        try {
            return SigningKeys.parse(spec);
        } catch (IllegalArgumentException e) {
            // No cause: whatever the parser's own causes say could quote part of the secret.
            throw node.error(e.getMessage() == null ? "invalid secret" : e.getMessage());
        }
    }
}
