package dev.consentgate.core.tracking;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * A block of addresses such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is a block of one.
 *
 * @param network      the first address of the block
 * @param prefixLength how many leading bits every address of the block shares
 */
record Cidr(InetAddress network, int prefixLength) {

    /**
     * Parses one {@code trustedProxies} entry.
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        Optional<InetAddress> network = address.equals(address.strip()) ? IpAddresses.parse(address)
                : Optional.empty();
        if (network.isEmpty() || address.startsWith("[")) {
            throw new IllegalArgumentException("trustedProxies entry must be an IP address or a CIDR block such as"
                    + " 10.0.0.0/8 or 2001:db8::/32, got '" + text + "'");
        }
        int bits = network.get() instanceof Inet4Address ? 32 : 128;
        int prefix = bits;
        if (slash >= 0) {
            String length = text.substring(slash + 1);
            if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("trustedProxies entry must have a prefix length from 0 to " + bits
                        + " for " + (bits == 32 ? "IPv4" : "IPv6") + ", got '" + text + "'");
            }
            prefix = Integer.parseInt(length);
        }
        InetAddress first = IpAddresses.truncate(network.get(), prefix);
        if (!first.equals(network.get())) {
            throw new IllegalArgumentException("trustedProxies entry has bits set after its prefix, did you mean '"
                    + IpAddresses.format(first) + "/" + prefix + "'? got '" + text + "'");
        }
        return new Cidr(first, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.getAddress().length
                && Arrays.equals(IpAddresses.mask(bytes, prefixLength), network.getAddress());
    }

    @Override
    public String toString() {
        return IpAddresses.format(network) + "/" + prefixLength;
    }
}
