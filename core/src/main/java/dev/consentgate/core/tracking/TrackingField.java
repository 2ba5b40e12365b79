package dev.consentgate.core.tracking;

/**
 * The personal fields of a {@link TrackingRecord}. Each appears only when the visitor granted the consent category
 * it is mapped to ({@link TrackingConfig.Builder#field}); otherwise it is absent — not blank, not hashed.
 */
public enum TrackingField {
    /** The client's IP address, truncated by default ({@link IpMode}). */
    IP("ip", "analytics"),
    /** Browser family, major version and OS family by default ({@link BrowserMode}). */
    BROWSER("browser", "analytics"),
    /** The referring page, its origin by default ({@link ReferrerMode}). */
    REFERRER("referrer", "analytics"),
    /** The request path without query string: the visitor's clickstream. */
    PATH("path", "analytics"),
    /** Ad attribution parameters of the query string: {@code utm_*}, {@code gclid}, {@code fbclid}. */
    AD_PARAMS("adParams", "advertising");

    private final String jsonName;
    private final String defaultCategory;

    TrackingField(String jsonName, String defaultCategory) {
        this.jsonName = jsonName;
        this.defaultCategory = defaultCategory;
    }

    /** The name used in the JSON configuration and as the record's key. */
    public String jsonName() {
        return jsonName;
    }

    /** The consent category the field needs unless configured otherwise. */
    public String defaultCategory() {
        return defaultCategory;
    }
}
