package dev.consentgate.core.signal;

import dev.consentgate.core.consent.DecisionSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The JavaScript consent managers whose cookies the filter can read, with their default cookie names and mappings.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>manager</th><th>cookie</th><th>default mapping</th></tr>
 *   <tr><td>Cookiebot</td><td>{@code CookieConsent}</td><td>{@code statistics} → analytics, {@code marketing} →
 *       advertising, {@code preferences} → preferences</td></tr>
 *   <tr><td>OneTrust</td><td>{@code OptanonConsent}</td><td>{@code C0002} → analytics, {@code C0003} →
 *       preferences, {@code C0004} → advertising</td></tr>
 *   <tr><td>cookieconsent (orestbida)</td><td>{@code cc_cookie}</td><td>categories by equal id</td></tr>
 *   <tr><td>Klaro</td><td>{@code klaro}</td><td>none: it stores consent per service, so map services first</td></tr>
 *   <tr><td>tarteaucitron</td><td>{@code tarteaucitron}</td><td>none: per service, as Klaro</td></tr>
 * </table>
 */
public enum ConsentManager {
    COOKIEBOT("cookiebot", "CookieConsent", DecisionSource.COOKIEBOT,
            ordered("statistics", "analytics", "marketing", "advertising", "preferences", "preferences"), Set.of()),
    ONETRUST("onetrust", "OptanonConsent", DecisionSource.ONETRUST,
            ordered("C0002", "analytics", "C0003", "preferences", "C0004", "advertising"),
            Set.of(OneTrustSource.ALERT_BOX_CLOSED)),
    COOKIECONSENT("cookieconsent", "cc_cookie", DecisionSource.COOKIECONSENT, Map.of(), Set.of()),
    KLARO("klaro", "klaro", DecisionSource.KLARO, Map.of(), Set.of()),
    TARTEAUCITRON("tarteaucitron", "tarteaucitron", DecisionSource.TARTEAUCITRON, Map.of(), Set.of());

    private final String jsonName;
    private final String defaultCookieName;
    private final DecisionSource source;
    private final Map<String, String> defaultMapping;
    private final Set<String> otherCookies;

    ConsentManager(String jsonName, String defaultCookieName, DecisionSource source,
            Map<String, String> defaultMapping, Set<String> otherCookies) {
        this.jsonName = jsonName;
        this.defaultCookieName = defaultCookieName;
        this.source = source;
        this.defaultMapping = defaultMapping;
        this.otherCookies = otherCookies;
    }

    /** The name in configuration files and in {@code precedence}. */
    public String jsonName() {
        return jsonName;
    }

    /** The cookie the manager keeps its consent in, unless configured otherwise. */
    public String defaultCookieName() {
        return defaultCookieName;
    }

    /** How decisions read from this manager are attributed. */
    public DecisionSource source() {
        return source;
    }

    /** The manager's names → category ids used unless configured; empty means equal ids or none. */
    public Map<String, String> defaultMapping() {
        return defaultMapping;
    }

    /** Whether an empty mapping means "equal ids" ({@code cc_cookie}'s categories are named by the site). */
    public boolean mapsEqualIds() {
        return this == COOKIECONSENT;
    }

    /** Whether the manager stores consent per service, so it cannot be enabled before services are mapped. */
    public boolean needsMapping() {
        return this == KLARO || this == TARTEAUCITRON;
    }

    /** Other cookies the manager keeps, besides its consent cookie (OneTrust's {@code OptanonAlertBoxClosed}). */
    public Set<String> otherCookies() {
        return otherCookies;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
