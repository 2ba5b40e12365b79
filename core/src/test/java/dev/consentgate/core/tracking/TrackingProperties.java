package dev.consentgate.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgate.core.Fuzz;
import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.consent.DecisionSource;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Tracking's parsers against hostile headers: addresses, forwarding chains, user agents, referrers and query strings
 * never throw or take long, a peer that is not a trusted proxy cannot name its own address, and every record a sink
 * writes is one line of valid JSON.
 */
@AddLifecycleHook(Fuzz.LongBudget.class)
class TrackingProperties {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    private static final ConsentState EVERYTHING = ConsentState.decided(UUID.randomUUID(),
            Set.of("analytics", "advertising", "preferences"), 1, NOW, NOW.plus(Duration.ofDays(1)),
            DecisionSource.COOKIE);
    private static final List<Cidr> PROXIES = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 500)
    void ipAddressesParse_anyText_isALiteralOrEmptyQuickly(@ForAll("addressLike") String text) {
        Fuzz.assertFast("parse", () -> IpAddresses.parse(text).ifPresent(a ->
                assertThat(IpAddresses.parse(IpAddresses.format(a))).contains(a)));
    }

    /** The strict dotted quad the hand-written parser must accept, as a regular expression: the oracle. */
    private static final java.util.regex.Pattern DOTTED_QUAD = java.util.regex.Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    @Property(tries = 2_000)
    void ipv4_anyText_acceptsExactlyTheStrictDottedQuads(@ForAll("dottedQuadLike") String text) {
        byte[] bytes = IpAddresses.ipv4(text);

        assertThat(bytes != null).as(text).isEqualTo(DOTTED_QUAD.matcher(text).matches());
        if (bytes != null) {
            assertThat(String.format("%d.%d.%d.%d", bytes[0] & 0xff, bytes[1] & 0xff, bytes[2] & 0xff,
                    bytes[3] & 0xff)).isEqualTo(text);
        }
    }

    @Provide
    Arbitrary<String> dottedQuadLike() {
        Arbitrary<String> octet = Arbitraries.oneOf(Arbitraries.integers().between(0, 300).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789+- x").ofMinLength(0).ofMaxLength(4));
        Arbitrary<String> quads = octet.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join(".", parts));
        return Arbitraries.oneOf(quads, quads.flatMap(Fuzz::mutations),
                Arbitraries.strings().withChars("0123456789.").ofMaxLength(20));
    }

    @Property(tries = 500)
    void clientIp_peerNotATrustedProxy_headerIsNeverRead(@ForAll("untrustedPeers") String peer,
            @ForAll("forwardingLines") List<String> lines, @ForAll ClientIpHeader header) {
        ClientIp clientIp = new ClientIp(PROXIES, header);

        assertThat(clientIp.resolve(peer, lines)).isEqualTo(IpAddresses.parse(peer));
    }

    @Property(tries = 300)
    void clientIp_trustedPeerAnyHeader_answersQuicklyWithAnAddressOrNothing(@ForAll("trustedPeers") String peer,
            @ForAll("forwardingLines") List<String> lines, @ForAll ClientIpHeader header) {
        ClientIp clientIp = new ClientIp(PROXIES, header);

        Fuzz.assertFast("resolve", () -> clientIp.resolve(peer, lines).ifPresent(a ->
                assertThat(a).isInstanceOf(InetAddress.class)));
    }

    @Property(tries = 300)
    void cidrParse_anyText_isABlockOrAnIllegalArgument(@ForAll("addressLike") String text) {
        try {
            Cidr cidr = Cidr.parse(text);
            assertThat(Cidr.parse(cidr.toString())).isEqualTo(cidr);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith("trustedProxies entry ");
        }
    }

    @Property(tries = 500)
    void logSafeClean_anyText_hasNoLineBreakOrControlAndIsBounded(@ForAll("texts") String text,
            @ForAll("bounds") int max) {
        String clean = LogSafe.clean(text, max);

        assertThat(clean.length()).isLessThanOrEqualTo(max + LogSafe.CUT.length());
        assertThat(clean.chars().noneMatch(c -> Character.getType(c) == Character.CONTROL
                || c == '\u2028' || c == '\u2029')).isTrue();
        assertThat(LogSafe.clean(clean, clean.length())).isEqualTo(clean);
    }

    @Property(tries = 500)
    void referrersAndAdParams_anyText_answerQuicklyWithCleanBoundedText(@ForAll("texts") String text,
            @ForAll ReferrerMode mode) {
        Fuzz.assertFast("referrer", () -> Referrers.minimise(text, mode).ifPresent(r -> {
            assertThat(r.length()).isLessThanOrEqualTo(Referrers.MAX_FULL + LogSafe.CUT.length());
            assertThat(LogSafe.clean(r, r.length())).isEqualTo(r);
        }));
        Fuzz.assertFast("adParams", () -> AdParams.of(text).forEach((name, value) -> {
            assertThat(name).matches("utm_[a-z0-9_]{1,28}|gclid|fbclid");
            assertThat(LogSafe.clean(value, value.length())).isEqualTo(value);
        }));
    }

    @Property(tries = 100)
    void browsersFamily_anyUserAgent_answersQuicklyWithCleanText(@ForAll("texts") String userAgent) {
        // A new instance each run: the cache would make every run after the first free.
        Fuzz.assertFast("browser", () -> new Browsers().family(userAgent).ifPresent(f ->
                assertThat(LogSafe.clean(f, f.length())).isEqualTo(f)));
    }

    @Property(tries = 60)
    void jsonLinesSink_anyRequestFullyGranted_writesOneParsableLinePerRecord(
            @ForAll("requests") List<TrackedRequest> requests, @ForAll IpMode ip, @ForAll BrowserMode browser,
            @ForAll ReferrerMode referrer, @ForAll ClientIpHeader header) throws IOException {
        TrackingConfig config = TrackingConfig.builder().ip(ip).browser(browser).referrer(referrer)
                .clientIpHeader(header).trustedProxies(List.of("10.0.0.0/8", "2001:db8::/32")).build();
        Path file = Files.createTempFile("tracking", ".jsonl");
        try {
            TrackingRecorder recorder = TrackingRecorder.create(config, TrackingSink.jsonLines(file));
            for (TrackedRequest r : requests) {
                assertThat(recorder.toRecord(r, EVERYTHING)).isNotNull(); // throws on a record it cannot make
                recorder.track(r, EVERYTHING);
            }

            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize(requests.size());
            for (int i = 0; i < lines.size(); i++) {
                JsonNode record = JSON.readTree(lines.get(i));
                assertThat(record.isObject()).isTrue();
                assertThat(record.get("method").isTextual()).isTrue();
                // The sink writes JSON by hand: it must say exactly what Jackson says of the record's fields.
                assertThat(lines.get(i)).isEqualTo(JSON.writeValueAsString(
                        recorder.toRecord(requests.get(i), EVERYTHING).fields()));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Provide
    Arbitrary<String> addressLike() {
        Arbitrary<String> chars = Arbitraries.strings().withChars("0123456789abcdefABCDEF:.%[]/ x").ofMaxLength(50);
        return Arbitraries.oneOf(chars, Fuzz.hostile(), Arbitraries.of("192.0.2.1", "::1", "[2001:db8::1]",
                "::ffff:192.0.2.1", "fe80::1%eth0", "10.0.0.0/8", "2001:db8::/32").flatMap(Fuzz::mutations));
    }

    @Provide
    Arbitrary<String> untrustedPeers() {
        return Arbitraries.oneOf(Arbitraries.of("192.0.2.1", "203.0.113.9", "::1", "2001:db9::1", "unknown", ""),
                Fuzz.hostile().filter(p -> IpAddresses.parse(p).map(a -> !isTrusted(a)).orElse(true)));
    }

    @Provide
    Arbitrary<String> trustedPeers() {
        return Arbitraries.of("10.0.0.1", "10.255.0.7", "2001:db8::1", "[2001:db8::2]");
    }

    @Provide
    Arbitrary<List<String>> forwardingLines() {
        Arbitrary<String> node = Arbitraries.oneOf(Arbitraries.of("203.0.113.77", "10.0.0.2", "[2001:db8::5]:443",
                "192.0.2.1:8080", "unknown", "_hidden", "\"[2001:db8::9]\"", "for=10.0.0.3", "for=\"192.0.2.7\"",
                ".:1", "\"", "for=\"unterminated"), Fuzz.hostile());
        Arbitrary<String> line = Arbitraries.oneOf(node.list().ofMaxSize(25).map(l -> String.join(", ", l)),
                Fuzz.padded(Arbitraries.of("1.1.1.1,", "for=\"\\", ",", "for=10.0.0.1;", "\"a\\\"")));
        return line.list().ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Fuzz.hostile(), Arbitraries.of(
                "https://user:pw@www.example.com:8443/path?q=secret#frag", "http://[2001:db8::1]:80/x",
                "utm_source=news&gclid=Cj0K&fbclid=abc%20def&utm_medium=e%ZZmail",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 "
                        + "Safari/537.36").flatMap(Fuzz::mutations),
                Fuzz.padded(Arbitraries.of("https://a", "a.", "-a", "utm_a=%", "&", "Mozilla/5.0 (", "[::")));
    }

    @Provide
    Arbitrary<Integer> bounds() {
        return Arbitraries.integers().between(0, 2_000);
    }

    @Provide
    Arbitrary<List<TrackedRequest>> requests() {
        Arbitrary<String> text = texts();
        Arbitrary<TrackedRequest.Builder> first = Combinators.combine(text, text, text.injectNull(0.2),
                text.injectNull(0.2), Arbitraries.oneOf(trustedPeers(), untrustedPeers())).as(
                        (method, path, query, route, peer) -> TrackedRequest.builder().time(NOW).method(method)
                                .path(path).query(query).route(route).peerAddress(peer));
        return Combinators.combine(first, forwardingLines(), forwardingLines(), text.injectNull(0.2),
                text.injectNull(0.2), Arbitraries.integers(), Arbitraries.longs().between(-1_000, 100_000))
                .as((b, xff, fwd, ua, referer, status, micros) -> b.forwardedFor(xff).forwarded(fwd).userAgent(ua)
                        .referer(referer).status(status).latency(Duration.ofNanos(micros * 1_000)).build())
                .list().ofMinSize(1).ofMaxSize(4);
    }

    private static boolean isTrusted(InetAddress address) {
        return PROXIES.stream().anyMatch(c -> c.contains(address));
    }
}
