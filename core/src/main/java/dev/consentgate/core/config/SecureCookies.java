package dev.consentgate.core.config;

/**
 * When the consent cookie carries the {@code Secure} attribute.
 *
 * <p>{@link #AUTO} follows the request's scheme, which is only right behind a TLS-terminating proxy when the
 * container is told to trust the proxy's forwarding headers (Tomcat's {@code RemoteIpFilter}, Jetty's
 * {@code ForwardedRequestCustomizer}, Spring's {@code ForwardedHeaderFilter}); otherwise every request looks like
 * plain HTTP and the cookie goes out without {@code Secure} (compare CVE-2023-28708). Prefer {@link #ALWAYS} in
 * production.
 */
public enum SecureCookies {
    /** {@code Secure} when the request arrived over https. */
    AUTO("auto"),
    /** Always {@code Secure}. */
    ALWAYS("always"),
    /** Never {@code Secure} (local development over plain HTTP only). */
    NEVER("never");

    private final String jsonName;

    SecureCookies(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in the JSON configuration. */
    public String jsonName() {
        return jsonName;
    }
}
