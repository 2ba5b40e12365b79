package dev.consentgate.core.consent;

/** Where a {@link ConsentState} came from; shown as {@code source} by {@code GET /consent}. */
public enum DecisionSource {
    /** No valid decision was found: necessary only. */
    DEFAULT("default"),
    /** The visitor's signed consent cookie. */
    COOKIE("cookie"),
    /** A choice the visitor made in this very request, at the consent endpoint. */
    CHOICE("choice");

    private final String jsonName;

    DecisionSource(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in JSON answers and records. */
    public String jsonName() {
        return jsonName;
    }
}
