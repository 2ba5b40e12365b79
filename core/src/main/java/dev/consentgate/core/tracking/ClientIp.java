package dev.consentgate.core.tracking;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Finds the visitor's address behind trusted proxies, as Tomcat's {@code RemoteIpFilter} does: the forwarding
 * header counts only when the direct peer is a trusted proxy, and is walked from the right (the hop the nearest
 * proxy added) to the first address that is not a trusted proxy. Whatever a client writes left of that is never
 * read. Immutable and thread-safe.
 */
final class ClientIp {

    /** More hops than any real proxy chain; a longer header is not walked. */
    static final int MAX_HOPS = 20;

    private final List<Cidr> trustedProxies;
    private final ClientIpHeader header;

    ClientIp(List<Cidr> trustedProxies, ClientIpHeader header) {
        this.trustedProxies = List.copyOf(trustedProxies);
        this.header = header;
    }

    /**
     * The client's address, or empty when it cannot be known: the peer address is not an IP literal, or a trusted
     * proxy reported a hop that is not one ({@code unknown}, an obfuscated RFC 7239 identifier, garbage).
     *
     * @param peer       the direct peer's address, as the container reports it
     * @param fieldLines the configured header's field lines, in the order received
     */
    Optional<InetAddress> resolve(String peer, List<String> fieldLines) {
        Optional<InetAddress> direct = IpAddresses.parse(peer);
        if (direct.isEmpty() || !isTrusted(direct.get()) || fieldLines.isEmpty()) {
            return direct;
        }
        List<String> hops = header == ClientIpHeader.FORWARDED ? ForwardingChain.forwarded(fieldLines)
                : ForwardingChain.xForwardedFor(fieldLines);
        InetAddress client = direct.get();
        for (int i = hops.size() - 1, walked = 0; i >= 0; i--, walked++) {
            if (walked == MAX_HOPS) {
                return Optional.empty();
            }
            Optional<InetAddress> hop = node(hops.get(i));
            if (hop.isEmpty()) {
                return Optional.empty();
            }
            client = hop.get();
            if (!isTrusted(client)) {
                return hop;
            }
        }
        // Every hop is a trusted proxy: the leftmost is as close to the client as can be known.
        return Optional.of(client);
    }

    boolean isTrusted(InetAddress address) {
        for (Cidr cidr : trustedProxies) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** A node's address, without the port some proxies add: {@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}. */
    static Optional<InetAddress> node(String node) {
        if (node == null) {
            return Optional.empty();
        }
        String address = node;
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0 || !isPort(node.substring(close + 1))) {
                return Optional.empty();
            }
            address = node.substring(1, close);
        } else if (node.indexOf(':') >= 0 && node.indexOf(':') == node.lastIndexOf(':')) {
            int colon = node.indexOf(':');
            if (!isPort(node.substring(colon))) {
                return Optional.empty();
            }
            address = node.substring(0, colon);
        }
        return IpAddresses.parse(address);
    }

    /** Empty, or {@code :} and a port number or an RFC 7239 obfuscated port ({@code _abc}). */
    private static boolean isPort(String rest) {
        if (rest.matches(":[0-9]{1,5}")) {
            return Integer.parseInt(rest.substring(1)) <= 65_535;
        }
        return rest.isEmpty() || rest.matches(":_[A-Za-z0-9._-]{1,32}");
    }
}
