package dev.consentgate.core.signal;

import static dev.consentgate.core.signal.SignalFixtures.CLOCK;
import static dev.consentgate.core.signal.SignalFixtures.CODEC;
import static dev.consentgate.core.signal.SignalFixtures.POLICY;
import static dev.consentgate.core.signal.SignalFixtures.allSources;
import static dev.consentgate.core.signal.SignalFixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.Fuzz;
import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.policy.ConsentCategory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Every consent signal against hostile cookie values and headers: no source throws or takes long, a refusal stays a
 * refusal however it is mangled, a garbage or non-v2 TC string never decides, and GPC can only take away.
 */
@AddLifecycleHook(Fuzz.LongBudget.class)
class ConsentSignalsProperties {

    private static final Set<String> OPTIONAL = Set.of("preferences", "analytics", "advertising");
    private static final SignalsConfig ALL = allSources().gpc(true).build();
    private static final Map<String, ConsentSource> SOURCES = sources(ALL);

    /** Refusals in each format, written without any letter t, r or u next to each other and without a '1'. */
    private static final Map<String, String> REFUSALS = Map.of(
            "CookieConsent", "{stamp:'BWf8Ts3M8nJ2n6sdmeZyTHuMB6y',preferences:false,statistics:false,"
                    + "marketing:false,method:'explicit',ver:3}",
            "OptanonConsent", "isGpcEnabled=0&groups=C0002%3A0%2CC0003%3A0%2CC0004%3A0&AwaitingReconsent=false",
            "cc_cookie", "{\"categories\":[\"necessary\"],\"revision\":0,\"data\":null}",
            "klaro", "{\"googleAnalytics\":false,\"facebookPixel\":false}",
            "tarteaucitron", "!gtag=false!facebookpixel=wait");
    /** What a mutation may add: syntax, digits other than 1, non-ASCII; no letter and no '%' that could spell a grant. */
    private static final String HARMLESS = ";,=\"'\\ \t\r\n\u0000+.~:[]{}()!&@/?#<>*_-023456789\u00e9\u2028\ud83d";

    private final ConsentResolver withGpc = ConsentResolver.create(POLICY, ALL, "consentgate", CODEC, CLOCK);
    private final ConsentResolver withoutGpc = ConsentResolver.create(POLICY, allSources().gpc(false).build(), "consentgate",
            CODEC, CLOCK);

    @Property(tries = 600)
    void decide_anyValue_answersQuicklyWithoutThrowing(@ForAll("sourceNames") String cookie,
            @ForAll("anyValues") String value) {
        ConsentSource source = SOURCES.get(cookie);
        Fuzz.assertFast(cookie, () -> source.decide(SignalFixtures.cookies(cookie, value))
                .ifPresent(d -> assertThat(Collections.disjoint(d.granted(), d.refused())).isTrue()));
    }

    @Property(tries = 600)
    void decide_refusalMangledWithoutSpellingAGrant_neverGrants(@ForAll("mangledRefusals") String[] cookieAndValue) {
        SignalRequest request = SignalFixtures.request(Map.of(), cookieAndValue[0], cookieAndValue[1],
                OneTrustSource.ALERT_BOX_CLOSED, "2026-11-20T09:30:00.000Z");

        Optional<SignalDecision> d = SOURCES.get(cookieAndValue[0]).decide(request);

        d.ifPresent(decision -> assertThat(decision.granted()).doesNotContainAnyElementsOf(OPTIONAL));
        assertThat(withoutGpc.resolve(request).granted()).containsExactly(ConsentCategory.NECESSARY);
    }

    @Property(tries = 200)
    void decideTcf_refusingCoreWithAnyFurtherSegmentsOrCut_neverGrants(@ForAll("refusingTcStrings") String tc) {
        Optional<SignalDecision> d = SOURCES.get(ALL.tcfCookieName()).decide(
                SignalFixtures.cookies(ALL.tcfCookieName(), tc));

        d.ifPresent(decision -> assertThat(decision.granted()).isEmpty());
    }

    @Property(tries = 400)
    void decideTcf_notVersionTwo_isNoDecision(@ForAll("base64url") String body, @ForAll("notC") char first) {
        // The first six bits are the version: 'C' is 2.
        assertThat(SOURCES.get(ALL.tcfCookieName()).decide(
                SignalFixtures.cookies(ALL.tcfCookieName(), first + body))).isEmpty();
    }

    @Property(tries = 300)
    void resolve_gpc_onlyEverTakesAway(@ForAll("requests") SignalRequest request) {
        ConsentState with = withGpc.resolve(request);
        ConsentState without = withoutGpc.resolve(request);

        assertThat(without.granted()).containsAll(with.granted());
        assertThat(POLICY.categoryIds()).containsAll(with.granted());
        if (request.header("Sec-GPC").map(v -> v.strip().equals("1")).orElse(false)) {
            assertThat(with.granted()).doesNotContainAnyElementsOf(ALL.gpcRefuses());
        }
        ConsentSource.gpc(ALL.gpcRefuses()).decide(request).ifPresent(d -> assertThat(d.granted()).isEmpty());
    }

    @Provide
    Arbitrary<String> sourceNames() {
        return Arbitraries.of(List.copyOf(SOURCES.keySet()));
    }

    @Provide
    Arbitrary<String> anyValues() {
        List<String> valid = new ArrayList<>(List.of(SignalFixtures.COOKIEBOT_STATISTICS,
                SignalFixtures.COOKIEBOT_ALL_PLAIN, SignalFixtures.ONETRUST_ANALYTICS_ADS, SignalFixtures.CC_V3_ANALYTICS,
                SignalFixtures.CC_V2_ENCODED, SignalFixtures.KLARO_ENCODED, SignalFixtures.KLARO_PLAIN,
                SignalFixtures.TARTEAUCITRON));
        valid.addAll(SignalFixtures.tcStrings().values());
        return Arbitraries.oneOf(Fuzz.hostile(), Arbitraries.of(valid).flatMap(Fuzz::mutations),
                Fuzz.padded(Arbitraries.of("{\"a\":[", "%7B", "!a=true", "C0001:1,", "[[[[", "{a:'", "%")));
    }

    @Provide
    Arbitrary<String[]> mangledRefusals() {
        return Arbitraries.of(List.copyOf(REFUSALS.keySet())).flatMap(cookie -> {
            String refusal = REFUSALS.get(cookie);
            Arbitrary<Integer> at = Arbitraries.integers().between(0, refusal.length() - 1);
            Arbitrary<String> text = Arbitraries.strings().withChars(HARMLESS).ofMinLength(1).ofMaxLength(6);
            return Combinators.combine(Arbitraries.integers().between(0, 3), at, text).as((op, i, t) -> {
                String mangled = switch (op) {
                    case 0 -> refusal.substring(0, i) + t + refusal.substring(i + 1);
                    case 1 -> refusal.substring(0, i) + refusal.substring(i + 1);
                    case 2 -> refusal.substring(0, i) + t + refusal.substring(i);
                    default -> refusal.substring(0, i);
                };
                return new String[] {cookie, mangled};
            });
        });
    }

    @Provide
    Arbitrary<String> refusingTcStrings() {
        Arbitrary<String> refusal = Arbitraries.of(SignalFixtures.tc("rejectAll"),
                SignalFixtures.tc("legitimateInterestOnly"), SignalFixtures.tc("everythingButPurposeOne"));
        Arbitrary<String> segments = base64url().list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
        return Combinators.combine(refusal, segments, Arbitraries.integers().between(1, 400), Arbitraries.of(0, 1))
                .as((tc, more, cut, op) -> op == 0 ? tc + "." + more : tc.substring(0, Math.min(cut, tc.length())));
    }

    @Provide
    Arbitrary<String> base64url() {
        return Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z').numeric().withChars("-_")
                .ofMinLength(1).ofMaxLength(300);
    }

    @Provide
    Arbitrary<Character> notC() {
        return Arbitraries.chars().range('A', 'Z').range('a', 'z').numeric().with('-', '_').filter(c -> c != 'C');
    }

    @Provide
    Arbitrary<SignalRequest> requests() {
        List<String> names = new ArrayList<>(SOURCES.keySet());
        names.add("consentgate");
        Map<String, Arbitrary<String>> values = new LinkedHashMap<>();
        Arbitrary<String> granting = Arbitraries.of(SignalFixtures.COOKIEBOT_ALL_PLAIN,
                SignalFixtures.ONETRUST_ANALYTICS_ADS, SignalFixtures.CC_V3_ANALYTICS, SignalFixtures.KLARO_PLAIN,
                SignalFixtures.TARTEAUCITRON, SignalFixtures.tc("allPurposes"), signed("analytics", "advertising"),
                signed("preferences", "analytics", "advertising"));
        Arbitrary<String> value = Arbitraries.oneOf(granting, granting.flatMap(Fuzz::mutations), Fuzz.hostile());
        Arbitrary<List<SignalRequest.RawCookie>> cookies = Combinators.combine(Arbitraries.of(names), value)
                .as(SignalRequest.RawCookie::new).list().ofMaxSize(4);
        Arbitrary<Optional<String>> gpc = Arbitraries.of("1", " 1 ", "0", "true", "1,1", "", "\u0661")
                .injectNull(0.3).map(Optional::ofNullable);
        return Combinators.combine(cookies, gpc).as((c, g) -> SignalRequest.of(c,
                g.map(v -> Map.of("Sec-GPC", v)).orElse(Map.of())));
    }

    /** Each source by the cookie it reads. */
    private static Map<String, ConsentSource> sources(SignalsConfig signals) {
        Map<String, ConsentSource> sources = new LinkedHashMap<>();
        sources.put(signals.tcfCookieName(), ConsentSource.tcf(signals.tcfCookieName(), signals.tcfPurposes(),
                signals.tcfSpecialFeatures(), CLOCK));
        for (ConsentManager m : ConsentManager.values()) {
            SignalsConfig.ManagerSettings s = signals.manager(m);
            sources.put(s.cookieName(), ConsentSource.consentManager(m, s.cookieName(), s.mapping(), CLOCK));
        }
        return sources;
    }
}
