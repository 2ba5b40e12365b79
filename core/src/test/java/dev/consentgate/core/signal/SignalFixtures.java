package dev.consentgate.core.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgate.core.consent.ConsentCookieCodec;
import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.consent.DecisionSource;
import dev.consentgate.core.consent.SigningKey;
import dev.consentgate.core.consent.SigningKeys;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Real-format consent manager cookies and TC strings, shared by the signal tests. The TC strings were made by IAB's
 * own encoder ({@code core/src/test/tcf-fixtures/generate.mjs}, {@code @iabtcf/core} 1.5.6) and are read from
 * {@code tc-strings.json}; the other samples copy the formats the consent managers write.
 */
final class SignalFixtures {

    /** The tests' clock: after the TC strings' lastUpdated (2026-11-01), within 13 months of it. */
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** Cookiebot, statistics only, as the browser sends it (%-encoded object literal). */
    static final String COOKIEBOT_STATISTICS = "{stamp:%27BWf8Ts3M8nJ2n6sdmeZyTHuMB6y+bDZm9fL5ev4o0Pl4oXGRMWmJtA==%27%2C"
            + "necessary:true%2Cpreferences:false%2Cstatistics:true%2Cmarketing:false%2Cmethod:%27explicit%27%2Cver:1"
            + "%2Cutc:1795167000000%2Cregion:%27de%27}";
    /** Cookiebot, everything accepted, not %-encoded (older scripts and some proxies). */
    static final String COOKIEBOT_ALL_PLAIN = "{stamp:'Ly2yX4Q0Mz7rJp0Fv8ZsHhJ3QnN3w1vA7lYbQm0JkqQ9A0xGQk3t2g==',"
            + "necessary:true,preferences:true,statistics:true,marketing:true,method:'explicit',ver:3,"
            + "utc:1795167000000,region:'fr'}";
    /** OneTrust after the visitor saved: performance and targeting, not functional. */
    static final String ONETRUST_ANALYTICS_ADS = "isGpcEnabled=0&datestamp=Fri+Nov+20+2026+10%3A30%3A00+GMT%2B0100+"
            + "(Central+European+Standard+Time)&version=202409.1.0&browserGpcFlag=0&isIABGlobal=false&hosts=&consentId="
            + "6a4b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d&interactionCount=1&isAnonUser=1&landingPath=NotLandingPage&groups="
            + "C0001%3A1%2CC0002%3A1%2CC0003%3A0%2CC0004%3A1&AwaitingReconsent=false&geolocation=DE%3BBE";
    /** OneTrust on the first page view, before any interaction: its defaults, not a choice. */
    static final String ONETRUST_LANDING = "isGpcEnabled=0&datestamp=Fri+Nov+20+2026+10%3A30%3A00+GMT%2B0100&"
            + "version=202409.1.0&isIABGlobal=false&hosts=&consentId=6a4b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d&"
            + "interactionCount=0&landingPath=https%3A%2F%2Fwww.example.com%2F&groups=C0001%3A1%2CC0002%3A1%2C"
            + "C0003%3A1%2CC0004%3A1";
    /** cookieconsent v3, raw JSON (its default), analytics accepted, expiring 2027-05-20. */
    static final String CC_V3_ANALYTICS = "{\"categories\":[\"necessary\",\"analytics\"],\"revision\":0,\"data\":null,"
            + "\"consentTimestamp\":\"2026-11-20T09:30:00.000Z\",\"consentId\":\"0f6a4c3e-9b1d-4e2f-8a7b-6c5d4e3f2a1b\","
            + "\"services\":{\"necessary\":[],\"analytics\":[\"ga\"]},\"languageCode\":\"en\","
            + "\"lastConsentTimestamp\":\"2026-11-20T09:30:00.000Z\",\"expirationTime\":1810807200000}";
    /** cookieconsent v2 with {@code rfc_cookie: true}: %-encoded, categories under {@code level}. */
    static final String CC_V2_ENCODED = "%7B%22level%22%3A%5B%22necessary%22%2C%22preferences%22%2C%22advertising%22"
            + "%5D%2C%22revision%22%3A0%2C%22data%22%3Anull%2C%22rfc_cookie%22%3Atrue%7D";
    /** Klaro, %-encoded. */
    static final String KLARO_ENCODED = "%7B%22googleAnalytics%22%3Atrue%2C%22facebookPixel%22%3Afalse%2C%22youtube"
            + "%22%3Atrue%7D";
    static final String KLARO_PLAIN = "{\"googleAnalytics\":true,\"facebookPixel\":true,\"youtube\":true}";
    static final String TARTEAUCITRON = "!gtag=true!facebookpixel=false!youtube=wait";

    /** The resolver tests' policy: revision 2 with preferences, analytics and advertising. */
    static final ConsentPolicy POLICY = ConsentPolicy.builder().revision(2)
            .category(ConsentCategory.of("preferences", "P", "P"))
            .category(ConsentCategory.of("analytics", "A", "A"))
            .category(ConsentCategory.of("advertising", "Ad", "Ad"))
            .build();
    static final ConsentCookieCodec CODEC = ConsentCookieCodec.create(SigningKeys.of(List.of(
            SigningKey.of("k1", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)))), CLOCK);

    private static final Map<String, String> TC_STRINGS = load();

    private SignalFixtures() {
    }

    /** A TC string of {@code tc-strings.json}, by name. */
    static String tc(String name) {
        String s = TC_STRINGS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no TC string fixture " + name);
        }
        return s;
    }

    static Map<String, String> tcStrings() {
        return TC_STRINGS;
    }

    /** Every source on, with Klaro's and tarteaucitron's services mapped to analytics. */
    static SignalsConfig.Builder allSources() {
        SignalsConfig.Builder b = SignalsConfig.builder().tcf(true);
        for (ConsentManager m : ConsentManager.values()) {
            b.manager(m, true);
        }
        return b.managerMapping(ConsentManager.KLARO, Map.of("googleAnalytics", "analytics"))
                .managerMapping(ConsentManager.TARTEAUCITRON, Map.of("gtag", "analytics"));
    }

    /** The filter's own cookie, signed by {@link #CODEC}, granting {@code granted} under {@link #POLICY}. */
    static String signed(String... granted) {
        return CODEC.encode(ConsentState.decided(UUID.randomUUID(), Set.of(granted), POLICY.revision(),
                NOW.minusSeconds(60), NOW.plus(Duration.ofDays(30)), DecisionSource.CHOICE));
    }

    /** A request with the given cookies ({@code name, value, name, value, …}) and no headers. */
    static SignalRequest cookies(String... nameValues) {
        return request(Map.of(), nameValues);
    }

    static SignalRequest request(Map<String, String> headers, String... nameValues) {
        List<SignalRequest.RawCookie> cookies = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            cookies.add(new SignalRequest.RawCookie(nameValues[i], nameValues[i + 1]));
        }
        return SignalRequest.of(cookies, headers);
    }

    private static Map<String, String> load() {
        try (InputStream in = SignalFixtures.class.getResourceAsStream("tc-strings.json")) {
            JsonNode strings = new ObjectMapper().readTree(in).get("strings");
            Map<String, String> all = new LinkedHashMap<>();
            strings.properties().forEach(e -> all.put(e.getKey(), e.getValue().textValue()));
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
