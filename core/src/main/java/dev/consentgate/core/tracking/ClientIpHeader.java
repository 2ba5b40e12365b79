package dev.consentgate.core.tracking;

/**
 * The forwarding header a trusted proxy writes the client's address to. Only one is read: a proxy that appends to
 * one header usually passes the other through as the client sent it, so honouring both would let a client choose.
 */
public enum ClientIpHeader {
    /** {@code X-Forwarded-For: client, proxy1, proxy2}, the de-facto standard. */
    X_FORWARDED_FOR("x-forwarded-for", "X-Forwarded-For"),
    /** {@code Forwarded: for=client, for=proxy1} (RFC 7239). */
    FORWARDED("forwarded", "Forwarded");

    private final String jsonName;
    private final String headerName;

    ClientIpHeader(String jsonName, String headerName) {
        this.jsonName = jsonName;
        this.headerName = headerName;
    }

    /** The name used in the JSON configuration. */
    public String jsonName() {
        return jsonName;
    }

    /** The HTTP header name. */
    public String headerName() {
        return headerName;
    }
}
