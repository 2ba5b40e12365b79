package dev.consentgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.Fuzz;
import dev.consentgate.core.consent.ConsentAction;
import dev.consentgate.core.policy.ConsentCategory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Consent POST bodies and {@code Cookie} headers as a client may send them: each body is a choice within the policy
 * or a {@link ChoiceParser.BadChoice}, never another exception; each header splits into bounded pairs quickly.
 */
@AddLifecycleHook(Fuzz.LongBudget.class)
class ChoiceParserProperties {

    static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "APPLICATION/X-WWW-FORM-URLENCODED", "application/x-www-form-urlencoded;charset=UTF-8", "text/plain",
            "", ";", "application/json;;;", "multipart/form-data; boundary=x");
    static final List<String> VALID_BODIES = List.of("{\"granted\":[\"analytics\"]}", "{\"action\":\"accept-all\"}",
            "{\"action\":\"reject-all\"}", "{\"action\":\"custom\",\"granted\":[\"preferences\",\"advertising\"]}",
            "action=custom&granted=analytics&granted=preferences&return=%2Fshop", "action=reject-all&return=/",
            "action=accept-all&_csrf=abc", "granted=advertising");

    private final ChoiceParser parser = new ChoiceParser(TestSite.policy());

    @Property(tries = 800)
    void parse_anyBody_isAChoiceWithinThePolicyOrABadChoice(@ForAll("contentTypes") String contentType,
            @ForAll("bodies") byte[] body, @ForAll("lengths") long declaredLength) {
        Fuzz.assertFast("parse", () -> {
            try {
                ChoiceParser.Choice choice = parser.parse(contentType, declaredLength, new ByteArrayInputStream(body));
                assertThat(TestSite.policy().categoryIds()).containsAll(choice.granted());
                if (choice.action() == ConsentAction.REJECT_ALL) {
                    assertThat(choice.granted()).containsExactly(ConsentCategory.NECESSARY);
                }
                choice.returnPath().ifPresent(p -> assertThat(p).startsWith("/").doesNotStartWith("//")
                        .doesNotStartWith("/\\"));
            } catch (ChoiceParser.BadChoice bad) {
                assertThat(bad.status).isBetween(400, 499);
                assertThat(bad.getMessage()).isNotBlank();
            }
        });
    }

    @Property(tries = 300)
    void cookieHeaders_anyHeader_splitsQuicklyIntoBoundedPairs(@ForAll("headers") List<String> headers) {
        Fuzz.assertFast("cookie header", () -> {
            List<CookieHeaders.Pair> pairs = CookieHeaders.parseAll(headers);
            assertThat(pairs).hasSizeLessThanOrEqualTo(CookieHeaders.MAX_PAIRS);
            for (CookieHeaders.Pair p : pairs) {
                assertThat(p.raw()).doesNotContain(";").isEqualTo(p.raw().strip()).isNotEmpty();
                assertThat(p.raw()).contains(p.value());
            }
        });
        // The parser works on indices to save copies: it must split exactly as substring-and-strip does.
        List<CookieHeaders.Pair> expected = new ArrayList<>();
        for (String h : headers) {
            for (String part : h.split(";", -1)) {
                String raw = part.strip();
                if (!raw.isEmpty() && expected.size() < CookieHeaders.MAX_PAIRS) {
                    int eq = raw.indexOf('=');
                    expected.add(eq < 0 ? new CookieHeaders.Pair("", raw, raw)
                            : new CookieHeaders.Pair(raw.substring(0, eq).strip(), raw.substring(eq + 1).strip(), raw));
                }
            }
        }
        assertThat(CookieHeaders.parseAll(headers)).isEqualTo(expected);
        for (String h : headers) {
            assertThat(CookieHeaders.setCookieName(h)).doesNotContain(";", "=");
        }
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(Arbitraries.of(CONTENT_TYPES), Fuzz.hostile());
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> text = Arbitraries.oneOf(Fuzz.hostile(), Arbitraries.of(VALID_BODIES).flatMap(Fuzz::mutations),
                Fuzz.padded(Arbitraries.of("[", "{\"granted\":[", "granted=analytics&", "%", "{\"a\":{\"a\":")),
                Arbitraries.integers().between(1, 3_000).map(n -> "[".repeat(n) + "]".repeat(n)),
                Arbitraries.integers().between(1, 3_000).map(n -> "{\"granted\":" + "[".repeat(n)));
        return Arbitraries.oneOf(text.map(t -> t.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.integers().between(8 * 1024 - 2, 8 * 1024 + 2).map(n -> new byte[n]));
    }

    @Provide
    Arbitrary<Long> lengths() {
        return Arbitraries.of(-1L, 0L, 10L, 8_192L, 8_193L, Long.MAX_VALUE);
    }

    @Provide
    Arbitrary<List<String>> headers() {
        List<String> valid = new ArrayList<>(List.of("consentgate=1.k1.abc; _ga=GA1.2.3; lang=de",
                "a=\"quoted;value\", b=c", "=x; y; ;; z=", "OptanonConsent=groups=C0002%3A1&x=1"));
        Arbitrary<String> header = Arbitraries.oneOf(Fuzz.hostile(), Arbitraries.of(valid).flatMap(Fuzz::mutations),
                Fuzz.padded(Arbitraries.of("a=b; ", ";", "=", " ; =; ")));
        return header.list().ofMinSize(1).ofMaxSize(3);
    }
}
