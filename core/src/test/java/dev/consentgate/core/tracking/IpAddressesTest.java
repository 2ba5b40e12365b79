package dev.consentgate.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.Permission;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "203.0.113.77              | 203.0.113.77",
        "0.0.0.0                   | 0.0.0.0",
        "255.255.255.255           | 255.255.255.255",
        "' 192.0.2.1 '             | 192.0.2.1",
        "2001:db8::1               | 2001:db8::1",
        "2001:DB8:0:0:0:0:0:1      | 2001:db8::1",
        "[2001:db8::1]             | 2001:db8::1",
        "0:0:0:0:0:0:0:1           | ::1",
        "fe80::1%eth0              | fe80::1",
        "::ffff:192.0.2.1          | 192.0.2.1",
        "2001:db8:0:1:0:0:1:1      | 2001:db8:0:1::1:1",
        "2001:0:0:1:0:0:0:1        | 2001:0:0:1::1",
        "2001:db8:0:1:1:1:1:1      | 2001:db8:0:1:1:1:1:1",
    })
    void parse_literal_isFormattedCanonically(String literal, String expected) {
        Optional<InetAddress> address = IpAddresses.parse(literal);

        assertThat(address).isPresent();
        assertThat(IpAddresses.format(address.get())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "0x7f.0.0.1", "127.1",
        "localhost", "example.com", "unknown", "_hidden", "1.2.3.4:80", "::ffff:zz", "2001:db8:::1", "[::1",
        "1:2:3:4:5:6:7:8:9", "2001:db8::1 x", "\u0661.2.3.4"})
    void parse_notALiteral_isEmpty(String text) {
        assertThat(IpAddresses.parse(text)).isEmpty();
    }

    /**
     * Found while writing {@code TrackingProperties}: the JDK takes text with a ':' for an IPv6 literal only when it
     * starts with a hex digit or ':', and looks anything else up in DNS (~190 ms for the first lookup here), so a
     * client behind a trusted proxy could make the filter look up {@code X-Forwarded-For: .:1} on every request. A
     * security manager is the one place a Java 17 test can see a lookup: the JDK asks it before every one. Newer JDKs
     * refuse to install one by default; there the test can only check the results.
     */
    @Test
    @SuppressWarnings("removal")
    void parse_colonTextStartingWithADot_isEmptyWithoutALookup() {
        List<String> lookups = new CopyOnWriteArrayList<>();
        SecurityManager previous = System.getSecurityManager();
        SecurityManager watcher = new SecurityManager() {
            @Override
            public void checkConnect(String host, int port) {
                if (port == -1) {
                    lookups.add(host);
                }
            }

            @Override
            public void checkPermission(Permission permission) {
            }

            @Override
            public void checkPermission(Permission permission, Object context) {
            }
        };
        boolean watching = false;
        try {
            System.setSecurityManager(watcher);
            watching = true;
        } catch (UnsupportedOperationException e) {
            // Java 18+ without -Djava.security.manager=allow, and 24+ always: only the results can be checked there.
        }
        try {
            for (String text : List.of(".:1", ".::", "..:", "[.:1]", " .:1 ", ".:1%eth0", "::1", "2001:db8::1")) {
                assertThat(IpAddresses.parse(text).isEmpty()).isEqualTo(text.contains("."));
            }
        } finally {
            if (watching) {
                System.setSecurityManager(previous);
            }
        }

        assertThat(lookups).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:10.1.2.3", "::FFFF:10.1.2.3"})
    void parse_ipv4MappedIpv6_isIpv4(String literal) {
        assertThat(IpAddresses.parse(literal)).get().isInstanceOf(Inet4Address.class);
    }

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource({
        "203.0.113.77,           24,  203.0.113.0",
        "203.0.113.77,           16,  203.0.0.0",
        "203.0.113.77,           0,   0.0.0.0",
        "203.0.113.77,           32,  203.0.113.77",
        "2001:db8:abcd:1234::1,  48,  2001:db8:abcd::",
        "2001:db8:abcd:1234::1,  44,  2001:db8:abc0::",
        "2001:db8:abcd:1234::1,  128, 2001:db8:abcd:1234::1",
    })
    void truncate_keepsPrefixOnly(String literal, int prefix, String expected) {
        InetAddress address = IpAddresses.parse(literal).orElseThrow();

        assertThat(IpAddresses.format(IpAddresses.truncate(address, prefix))).isEqualTo(expected);
    }
}
