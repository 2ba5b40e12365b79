package dev.consentgate.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientIpTest {

    private static final List<Cidr> TRUSTED = Stream.of("10.0.0.0/8", "2001:db8:ffff::/48")
            .map(Cidr::parse).toList();
    private static final ClientIp XFF = new ClientIp(TRUSTED, ClientIpHeader.X_FORWARDED_FOR);
    private static final ClientIp FORWARDED = new ClientIp(TRUSTED, ClientIpHeader.FORWARDED);

    /** Field lines are separated by {@code |}; "none" means the client address cannot be known. */
    @ParameterizedTest(name = "peer {0}, X-Forwarded-For {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
        "198.51.100.7;  '';                                  198.51.100.7",   // no header, untrusted peer
        "198.51.100.7;  6.6.6.6;                             198.51.100.7",   // forged: the peer is no proxy
        "10.0.0.1;      '';                                  10.0.0.1",       // trusted peer, no header
        "10.0.0.1;      203.0.113.5;                         203.0.113.5",
        "10.0.0.1;      6.6.6.6, 203.0.113.5;                203.0.113.5",    // the client's own entry is never read
        "10.0.0.1;      6.6.6.6, 203.0.113.5, 10.0.0.2;      203.0.113.5",    // walks through trusted hops
        "10.0.0.1;      6.6.6.6, 203.0.113.5 | 10.0.0.2;     203.0.113.5",    // two field lines are one list
        "10.0.0.1;      10.0.0.3, 10.0.0.2;                  10.0.0.3",       // all trusted: the leftmost
        "10.0.0.1;      ' , 203.0.113.5 ,, ';                203.0.113.5",    // empty elements ignored
        "10.0.0.1;      203.0.113.5:4711;                    203.0.113.5",
        "10.0.0.1;      [2001:db8::5]:4711;                  2001:db8::5",
        "10.0.0.1;      2001:db8::5;                         2001:db8::5",
        "10.0.0.1;      ::ffff:203.0.113.5;                  203.0.113.5",
        "10.0.0.1;      6.6.6.6, unknown;                    none",           // a trusted proxy did not know
        "10.0.0.1;      6.6.6.6, garbage, 10.0.0.2;          none",
        "10.0.0.1;      6.6.6.6, example.com;                none",           // host names are never resolved
        "10.0.0.1;      203.0.113.5:99999;                   none",
        "2001:db8:ffff::1; 2001:db8::5;                      2001:db8::5",
        "::ffff:10.0.0.1; 203.0.113.5;                       203.0.113.5",    // v4-mapped peer is trusted as v4
        "'';            203.0.113.5;                         none",           // no peer address (unix socket)
    })
    void resolve_xForwardedFor(String peer, String lines, String expected) {
        assertThat(XFF.resolve(peer, lines(lines)).map(IpAddresses::format))
                .isEqualTo(Optional.of(expected).filter(e -> !e.equals("none")));
    }

    @ParameterizedTest(name = "peer {0}, Forwarded {1} -> {2}")
    @CsvSource(delimiter = '~', value = {
        "198.51.100.7~ for=6.6.6.6~                                        198.51.100.7",
        "10.0.0.1~     for=203.0.113.5~                                    203.0.113.5",
        "10.0.0.1~     For=203.0.113.5;proto=https;by=10.0.0.1~            203.0.113.5",
        "10.0.0.1~     for=6.6.6.6, for=203.0.113.5~                       203.0.113.5",
        "10.0.0.1~     'for=\"[2001:db8:cafe::17]:4711\"'~                 2001:db8:cafe::17",
        "10.0.0.1~     'for=\"203.0.113.5:4711\"'~                         203.0.113.5",
        "10.0.0.1~     for=6.6.6.6 | for=203.0.113.5, for=10.0.0.2~        203.0.113.5",
        "10.0.0.1~     for=unknown~                                        none",
        "10.0.0.1~     for=_hidden~                                        none",
        "10.0.0.1~     proto=https~                                        none",   // no for: hop unknown
        "10.0.0.1~     for=203.0.113.5;for=6.6.6.6~                        none",   // repeated parameter
        "10.0.0.1~     'for=\"6.6.6.6, for=203.0.113.5'~                   none",   // open quote swallows the rest
        "10.0.0.1~     'for=\"6.6.6.6 | for=203.0.113.5'~                  203.0.113.5", // not across lines
        "10.0.0.1~     'for=\"6.6.6.6\", for=\"203.0.113.5\"'~             203.0.113.5",
    })
    void resolve_forwarded(String peer, String lines, String expected) {
        assertThat(FORWARDED.resolve(peer, lines(lines)).map(IpAddresses::format))
                .isEqualTo(Optional.of(expected).filter(e -> !e.equals("none")));
    }

    @Test
    void resolve_xForwardedForHeaderGivenForwarded_ignoresIt() {
        assertThat(XFF.resolve("10.0.0.1", List.of("for=203.0.113.5"))).isEmpty();
        assertThat(FORWARDED.resolve("10.0.0.1", List.of("203.0.113.5"))).isEmpty();
    }

    @Test
    void resolve_longerChainThanMaxHops_isUnknown() {
        String trustedHops = String.join(", ", Collections.nCopies(ClientIp.MAX_HOPS - 1, "10.0.0.9"));

        assertThat(XFF.resolve("10.0.0.1", List.of("203.0.113.5, " + trustedHops)).map(IpAddresses::format))
                .hasValue("203.0.113.5");
        assertThat(XFF.resolve("10.0.0.1", List.of("203.0.113.5, 10.0.0.9, " + trustedHops))).isEmpty();
    }

    @Test
    void resolve_noTrustedProxies_alwaysThePeer() {
        ClientIp none = new ClientIp(List.of(), ClientIpHeader.X_FORWARDED_FOR);

        assertThat(none.resolve("127.0.0.1", List.of("203.0.113.5")).map(IpAddresses::format)).hasValue("127.0.0.1");
    }

    private static List<String> lines(String spec) {
        return spec.isEmpty() ? List.of() : Arrays.stream(spec.split("\\|")).map(String::strip).toList();
    }
}
