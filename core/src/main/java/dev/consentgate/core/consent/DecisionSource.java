package dev.consentgate.core.consent;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Where a {@link ConsentState} came from; shown as {@code source} by {@code GET /consent}.
 *
 * <p>An open set: besides the constants, a {@code ConsentSource} of your own names itself with {@link #of}. Only
 * {@link #COOKIE} and {@link #CHOICE} are the filter's own decisions, which carry a consent ID; the others are read
 * from signals the filter does not sign (another consent manager's cookie, a TC string).
 *
 * @param jsonName the name used in JSON answers, {@code [a-z][a-z0-9_-]{0,31}}
 */
public record DecisionSource(String jsonName) {

    // First: the constants below are checked by the constructor.
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    /** No valid decision was found: necessary only. */
    public static final DecisionSource DEFAULT = new DecisionSource("default");
    /** The visitor's signed consent cookie. */
    public static final DecisionSource COOKIE = new DecisionSource("cookie");
    /** A choice the visitor made in this very request, at the consent endpoint. */
    public static final DecisionSource CHOICE = new DecisionSource("choice");
    /** Global Privacy Control ({@code Sec-GPC: 1}); it only ever refuses, so it never decides a state alone. */
    public static final DecisionSource GPC = new DecisionSource("gpc");
    /** An IAB TCF v2 TC string ({@code euconsent-v2}). */
    public static final DecisionSource TCF = new DecisionSource("tcf");
    /** Cookiebot's {@code CookieConsent} cookie. */
    public static final DecisionSource COOKIEBOT = new DecisionSource("cookiebot");
    /** OneTrust's {@code OptanonConsent} cookie. */
    public static final DecisionSource ONETRUST = new DecisionSource("onetrust");
    /** orestbida/cookieconsent's {@code cc_cookie}. */
    public static final DecisionSource COOKIECONSENT = new DecisionSource("cookieconsent");
    /** Klaro's {@code klaro} cookie. */
    public static final DecisionSource KLARO = new DecisionSource("klaro");
    /** tarteaucitron's {@code tarteaucitron} cookie. */
    public static final DecisionSource TARTEAUCITRON = new DecisionSource("tarteaucitron");

    public DecisionSource {
        requireNonNull(jsonName, "jsonName");
        if (!NAME.matcher(jsonName).matches()) {
            throw new IllegalArgumentException("decision source name must match [a-z][a-z0-9_-]{0,31}, got '"
                    + jsonName + "'");
        }
    }

    /** The source named {@code jsonName}, such as {@code mycmp} for a {@code ConsentSource} of your own. */
    public static DecisionSource of(String jsonName) {
        return new DecisionSource(jsonName);
    }

    /** Whether this is one of the filter's own decisions ({@link #COOKIE}, {@link #CHOICE}), which carry an ID. */
    public boolean isOwn() {
        return equals(COOKIE) || equals(CHOICE);
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
