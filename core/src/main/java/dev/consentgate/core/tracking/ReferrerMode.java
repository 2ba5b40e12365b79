package dev.consentgate.core.tracking;

/** How much of the {@code Referer} a tracking record keeps. */
public enum ReferrerMode {
    /**
     * The origin only, such as {@code https://www.example.com}: paths and query strings of referring pages carry
     * search terms, session tokens and password-reset links. Referrers that are not http(s) URLs are dropped.
     */
    ORIGIN("origin"),
    /** The referrer as sent, with control characters replaced and cut to 1024 characters. */
    FULL("full"),
    /** None: the field never appears. */
    NONE("none");

    private final String jsonName;

    ReferrerMode(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in the JSON configuration. */
    public String jsonName() {
        return jsonName;
    }
}
