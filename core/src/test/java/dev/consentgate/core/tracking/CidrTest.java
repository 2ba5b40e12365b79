package dev.consentgate.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.0.0.0/8,        10.255.1.2,        true",
        "10.0.0.0/8,        11.0.0.1,          false",
        "127.0.0.1,         127.0.0.1,         true",
        "127.0.0.1,         127.0.0.2,         false",
        "0.0.0.0/0,         198.51.100.1,      true",
        "0.0.0.0/0,         ::1,               false",
        "::1,               ::1,               true",
        "2001:db8::/32,     2001:db8:ffff::1,  true",
        "2001:db8::/32,     2001:db9::1,       false",
        "127.0.0.0/8,       ::ffff:127.0.0.9,  true",
    })
    void contains_address(String block, String address, boolean expected) {
        assertThat(Cidr.parse(block).contains(IpAddresses.parse(address).orElseThrow())).isEqualTo(expected);
    }

    @Test
    void parse_bareAddress_isBlockOfOne() {
        assertThat(Cidr.parse("192.0.2.1")).hasToString("192.0.2.1/32");
        assertThat(Cidr.parse("::1")).hasToString("::1/128");
        assertThat(Cidr.parse("2001:DB8::/32")).hasToString("2001:db8::/32");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "proxy.example.com | trustedProxies entry must be an IP address or a CIDR block such as 10.0.0.0/8 or"
                + " 2001:db8::/32, got 'proxy.example.com'",
        "10.0.0/8          | trustedProxies entry must be an IP address or a CIDR block such as 10.0.0.0/8 or"
                + " 2001:db8::/32, got '10.0.0/8'",
        "[::1]/128         | trustedProxies entry must be an IP address or a CIDR block such as 10.0.0.0/8 or"
                + " 2001:db8::/32, got '[::1]/128'",
        "10.0.0.0/33       | trustedProxies entry must have a prefix length from 0 to 32 for IPv4, got '10.0.0.0/33'",
        "10.0.0.0/         | trustedProxies entry must have a prefix length from 0 to 32 for IPv4, got '10.0.0.0/'",
        "10.0.0.0/-1       | trustedProxies entry must have a prefix length from 0 to 32 for IPv4, got '10.0.0.0/-1'",
        "::/129            | trustedProxies entry must have a prefix length from 0 to 128 for IPv6, got '::/129'",
        "10.1.2.3/8        | trustedProxies entry has bits set after its prefix, did you mean '10.0.0.0/8'?"
                + " got '10.1.2.3/8'",
    })
    void parse_invalid_failsNamingTheEntry(String text, String message) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
