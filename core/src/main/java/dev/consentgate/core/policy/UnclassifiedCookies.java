package dev.consentgate.core.policy;

/**
 * What happens to a cookie whose name matches no category.
 *
 * <p>An unclassified cookie may be the app's own, or another consent manager's; the filter never expires one, it
 * only decides whether the cookie may be set and whether the app may see it.
 */
public enum UnclassifiedCookies {
    /** Allowed only when the visitor granted every category (the default: unknown means "maybe tracking"). */
    ALLOW_WHEN_ALL_GRANTED("allow-when-all-granted"),
    /** Never allowed. */
    BLOCK("block"),
    /** Always allowed, as if necessary. */
    ALLOW("allow");

    private final String jsonName;

    UnclassifiedCookies(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in the JSON configuration. */
    public String jsonName() {
        return jsonName;
    }
}
