package dev.consentgate.benchmarks;

import dev.consentgate.core.consent.ConsentCookieCodec;
import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.consent.DecisionSource;
import dev.consentgate.core.consent.SigningKey;
import dev.consentgate.core.consent.SigningKeys;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.core.signal.ConsentResolver;
import dev.consentgate.core.signal.SignalRequest;
import dev.consentgate.core.signal.SignalsConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Consent resolution as the filter runs it: from the raw {@code Cookie} header of a realistic request (ten cookies:
 * session id, Google Analytics, Meta pixel, a CMP's cookie, a cart, the consent cookie among them) through
 * {@link ConsentResolver} with the default signals (GPC on) to the resolved {@link ConsentState}.
 *
 * <ul>
 *   <li>{@code repeat}: the same header every time, as a returning visitor sends it.</li>
 *   <li>{@code cold}: a different validly signed consent cookie each time, from a ring of {@value #RING} headers,
 *       far more than the codec's cache could hold, so every call finds, verifies and decodes.</li>
 *   <li>Baselines in the same run: {@code baselineFindCookie} merely finds the consent cookie's value in the header
 *       ({@code indexOf}); {@code baselineHmac} is HMAC-SHA256 alone over the same signed bytes with a reused
 *       {@code javax.crypto.Mac}; {@code baselineHashValue} is {@code String.hashCode} of a fresh copy of the value,
 *       what a cache keyed by the whole value would pay before any lookup; {@code baselineClock} is the clock read
 *       every resolution makes (expiry is checked on every request); {@code baselineRepeatFloor} is what a correct
 *       repeat resolution cannot skip, written inline: find the cookie, look for a second one in the rest of the
 *       header, compare the value with the verified one, read the clock and look up {@code Sec-GPC}.</li>
 * </ul>
 *
 * <pre>java -jar benchmarks/target/consentgate-benchmarks.jar ResolveBench -f 2 -wi 3 -i 5 -prof gc</pre>
 */
@State(Scope.Thread)
public class ResolveBench extends HotPathBench {

    static final int RING = 1 << 14;
    static final String COOKIE = "consentgate";

    private ConsentResolver resolver;
    private Function<String, String> headers;
    private String repeatHeader;
    private String repeatValue;
    private Clock clock;
    private String[] coldHeaders;
    private byte[] signed;
    private Mac mac;
    private byte[] macOut;
    private int i;

    @Setup
    public void setup() throws GeneralSecurityException {
        byte[] secret = new byte[32];
        new SplittableRandom(1).nextBytes(secret);
        SigningKeys keys = SigningKeys.of(java.util.List.of(SigningKey.of("k2", secret)));
        clock = Clock.systemUTC();
        ConsentPolicy policy = ConsentPolicy.builder()
                .category(ConsentCategory.of("preferences", "P", "P"))
                .category(ConsentCategory.of("analytics", "A", "A"))
                .category(ConsentCategory.of("advertising", "M", "M"))
                .build();
        ConsentCookieCodec codec = ConsentCookieCodec.create(keys, clock);
        resolver = ConsentResolver.create(policy, SignalsConfig.defaults(), COOKIE, codec, clock);
        // As a container's getHeader: a case-insensitive map lookup; this request sends no Sec-GPC.
        Map<String, String> requestHeaders = new HashMap<>();
        requestHeaders.put("user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36");
        requestHeaders.put("accept-language", "en-GB,en;q=0.9");
        headers = name -> requestHeaders.get(name.toLowerCase(java.util.Locale.ROOT));

        SplittableRandom random = new SplittableRandom(42);
        Instant now = Instant.now().minus(Duration.ofDays(3));
        String value = codec.encode(ConsentState.decided(UUID.randomUUID(), Set.of("analytics", "preferences"),
                policy.revision(), now, now.plus(Duration.ofDays(365)), DecisionSource.CHOICE));
        repeatHeader = header(random, value);
        repeatValue = value;
        coldHeaders = new String[RING];
        for (int n = 0; n < RING; n++) {
            Set<String> granted = switch (n % 4) {
                case 0 -> Set.of();
                case 1 -> Set.of("analytics");
                case 2 -> Set.of("analytics", "preferences");
                default -> Set.of("advertising", "analytics", "preferences");
            };
            Instant decided = now.minusSeconds(random.nextInt(1_000_000));
            coldHeaders[n] = header(random, codec.encode(ConsentState.decided(new UUID(random.nextLong(),
                    random.nextLong()), granted, policy.revision(), decided, decided.plus(Duration.ofDays(365)),
                    DecisionSource.CHOICE)));
        }
        signed = value.substring(0, value.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        macOut = new byte[32];
        if (!repeat().isDecided() || !cold().isDecided()) {
            throw new IllegalStateException("the benchmark's cookies do not resolve");
        }
    }

    /** Ten cookies as a browser sends them to a site with analytics, a CMP and a shop; the consent cookie eighth. */
    private static String header(SplittableRandom r, String consent) {
        return "JSESSIONID=node0" + hex(r, 26) + ".node0"
                + "; _ga=GA1.1." + r.nextInt(1_000_000_000) + "." + (1_700_000_000 + r.nextInt(10_000_000))
                + "; _gid=GA1.2." + r.nextInt(1_000_000_000) + "." + (1_700_000_000 + r.nextInt(10_000_000))
                + "; _ga_7X2BQ4N9KL=GS1.1.1732540012.3.1.1732540211.0.0.0"
                + "; _fbp=fb.1.1732540012345." + r.nextInt(1_000_000_000)
                + "; OptanonConsent=isGpcEnabled=0&datestamp=Mon+Nov+25+2024+14%3A03%3A11+GMT%2B0100&version=202409.1.0"
                + "&hosts=&consentId=" + hex(r, 32) + "&interactionCount=1&groups=C0001%3A1%2CC0002%3A1%2CC0004%3A0"
                + "; cart_id=" + hex(r, 24)
                + "; " + COOKIE + "=" + consent
                + "; lang=en-GB"
                + "; _hjSessionUser_3187234=" + hex(r, 40);
    }

    private static String hex(SplittableRandom r, int chars) {
        StringBuilder b = new StringBuilder(chars);
        for (int n = 0; n < chars; n++) {
            b.append(Character.forDigit(r.nextInt(16), 16));
        }
        return b.toString();
    }

    @Benchmark
    public ConsentState repeat() {
        return resolver.resolve(repeatHeader, headers);
    }

    @Benchmark
    public ConsentState cold() {
        return resolver.resolve(coldHeaders[i++ & (RING - 1)], headers);
    }

    @Benchmark
    public int baselineFindCookie() {
        String h = repeatHeader;
        int from = h.indexOf(COOKIE + "=") + COOKIE.length() + 1;
        int to = h.indexOf(';', from);
        return (to < 0 ? h.length() : to) - from;
    }

    @Benchmark
    public int baselineFindCookieCold() {
        String h = coldHeaders[i++ & (RING - 1)];
        int from = h.indexOf(COOKIE + "=") + COOKIE.length() + 1;
        int to = h.indexOf(';', from);
        return (to < 0 ? h.length() : to) - from;
    }

    @Benchmark
    public long baselineClock() {
        return clock.millis();
    }

    @Benchmark
    public boolean baselineRepeatFloor() {
        String h = repeatHeader;
        int from = h.indexOf(COOKIE + "=") + COOKIE.length() + 1;
        int to = h.indexOf(';', from);
        to = to < 0 ? h.length() : to;
        boolean another = h.indexOf(COOKIE + "=", to) >= 0;
        boolean same = h.indexOf(repeatValue, from) == from;
        long now = clock.millis();
        return !another && same && now > 0 && headers.apply("sec-gpc") == null;
    }

    @Benchmark
    public byte[] baselineHmac() throws GeneralSecurityException {
        mac.update(signed);
        mac.doFinal(macOut, 0);
        return macOut;
    }

    @Benchmark
    public int baselineHashValue() {
        String h = repeatHeader;
        int from = h.indexOf(COOKIE + "=") + COOKIE.length() + 1;
        int to = h.indexOf(';', from);
        return h.substring(from, to < 0 ? h.length() : to).hashCode();
    }
}
