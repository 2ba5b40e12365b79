package dev.consentgate.core.tracking;

/** How much of the client's IP address a tracking record keeps. */
public enum IpMode {
    /** The network only: IPv4 to /24 ({@code 203.0.113.0}), IPv6 to /48 ({@code 2001:db8:1::}). */
    TRUNCATED("truncated"),
    /** The whole address. */
    FULL("full"),
    /** None: the field never appears. */
    NONE("none");

    /** Bits of an IPv4 address {@link #TRUNCATED} keeps. */
    public static final int IPV4_PREFIX = 24;
    /** Bits of an IPv6 address {@link #TRUNCATED} keeps. */
    public static final int IPV6_PREFIX = 48;

    private final String jsonName;

    IpMode(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in the JSON configuration. */
    public String jsonName() {
        return jsonName;
    }
}
