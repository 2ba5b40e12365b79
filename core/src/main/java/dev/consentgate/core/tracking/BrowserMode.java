package dev.consentgate.core.tracking;

/** How much of the {@code User-Agent} a tracking record keeps. */
public enum BrowserMode {
    /** Browser family, major version and OS family, such as {@code Chrome 124 / Windows} (ua-parser's rules). */
    FAMILY("family"),
    /** The user agent as sent, with control characters replaced and cut to 512 characters. */
    RAW("raw"),
    /** None: the field never appears. */
    NONE("none");

    private final String jsonName;

    BrowserMode(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in the JSON configuration. */
    public String jsonName() {
        return jsonName;
    }
}
