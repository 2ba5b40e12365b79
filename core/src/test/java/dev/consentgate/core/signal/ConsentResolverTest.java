package dev.consentgate.core.signal;

import static dev.consentgate.core.signal.SignalFixtures.CLOCK;
import static dev.consentgate.core.signal.SignalFixtures.CODEC;
import static dev.consentgate.core.signal.SignalFixtures.COOKIEBOT_ALL_PLAIN;
import static dev.consentgate.core.signal.SignalFixtures.COOKIEBOT_STATISTICS;
import static dev.consentgate.core.signal.SignalFixtures.KLARO_PLAIN;
import static dev.consentgate.core.signal.SignalFixtures.NOW;
import static dev.consentgate.core.signal.SignalFixtures.ONETRUST_ANALYTICS_ADS;
import static dev.consentgate.core.signal.SignalFixtures.POLICY;
import static dev.consentgate.core.signal.SignalFixtures.allSources;
import static dev.consentgate.core.signal.SignalFixtures.cookies;
import static dev.consentgate.core.signal.SignalFixtures.request;
import static dev.consentgate.core.signal.SignalFixtures.signed;
import static dev.consentgate.core.signal.SignalFixtures.tc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.consent.DecisionSource;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Precedence, restriction to the policy and the GPC override. */
class ConsentResolverTest {

    private static final Map<String, String> GPC = Map.of("Sec-GPC", "1");

    private static ConsentResolver resolver(SignalsConfig signals) {
        return ConsentResolver.create(POLICY, signals, "consentgate", CODEC, CLOCK);
    }

    @Test
    void resolve_nothing_isUndecidedNecessaryOnly() {
        ConsentState s = resolver(allSources().build()).resolve(cookies());

        assertThat(s.isDecided()).isFalse();
        assertThat(s.source()).isEqualTo(DecisionSource.DEFAULT);
        assertThat(s.granted()).containsExactly("necessary");
    }

    @Test
    void resolve_ownCookieAndCmpCookie_ownCookieWinsByDefault() {
        ConsentState s = resolver(allSources().build()).resolve(cookies("CookieConsent", COOKIEBOT_ALL_PLAIN,
                "consentgate", signed("analytics")));

        assertThat(s.source()).isEqualTo(DecisionSource.COOKIE);
        assertThat(s.consentId()).isPresent();
        assertThat(s.granted()).containsExactly("analytics", "necessary");
    }

    @Test
    void resolve_tcStringAndCmpCookie_tcStringWinsByDefault() {
        ConsentState s = resolver(allSources().build()).resolve(cookies("CookieConsent", COOKIEBOT_ALL_PLAIN,
                "euconsent-v2", tc("analyticsOnly")));

        assertThat(s.source()).isEqualTo(DecisionSource.TCF);
        assertThat(s.granted()).containsExactly("analytics", "necessary");
        assertThat(s.consentId()).isEmpty();
        assertThat(s.decidedAt()).isEmpty();
        assertThat(s.isDecided()).isTrue();
    }

    @Test
    void resolve_configuredPrecedence_cmpBeforeOwnCookie() {
        SignalsConfig signals = allSources().precedence(List.of("onetrust", "consentgate", "tcf", "cookiebot"))
                .manager(ConsentManager.COOKIECONSENT, false).manager(ConsentManager.KLARO, false)
                .manager(ConsentManager.TARTEAUCITRON, false).build();

        ConsentState s = resolver(signals).resolve(cookies("consentgate", signed(), "OptanonConsent",
                ONETRUST_ANALYTICS_ADS));

        assertThat(s.source()).isEqualTo(DecisionSource.ONETRUST);
        assertThat(s.granted()).containsExactly("advertising", "analytics", "necessary");
    }

    @Test
    void resolve_invalidOwnCookie_fallsThroughToTheNextSource() {
        ConsentState s = resolver(allSources().build()).resolve(cookies("consentgate", "1.k1.forged",
                "CookieConsent", COOKIEBOT_STATISTICS));

        assertThat(s.source()).isEqualTo(DecisionSource.COOKIEBOT);
        assertThat(s.granted()).containsExactly("analytics", "necessary");
    }

    @Test
    void resolve_malformedTcString_fallsThroughToTheNextSource() {
        ConsentState s = resolver(allSources().build()).resolve(cookies("euconsent-v2", "garbage", "klaro",
                KLARO_PLAIN));

        assertThat(s.source()).isEqualTo(DecisionSource.KLARO);
    }

    @Test
    void resolve_disabledSource_isNeverRead() {
        ConsentState s = resolver(SignalsConfig.defaults()).resolve(cookies("CookieConsent", COOKIEBOT_ALL_PLAIN,
                "euconsent-v2", tc("allPurposes")));

        assertThat(s.isDecided()).isFalse();
    }

    @Test
    void resolve_cmpCategoryUnknownToThePolicy_isNeverGranted() {
        ConsentState s = resolver(allSources().build()).resolve(cookies("cc_cookie",
                "{\"categories\":[\"necessary\",\"analytics\",\"social\",\"marketing\"]}"));

        assertThat(s.source()).isEqualTo(DecisionSource.COOKIECONSENT);
        assertThat(s.granted()).containsExactly("analytics", "necessary");
    }

    @Test
    void resolve_mappingToACategoryThePolicyLacks_grantsNothing() {
        ConsentPolicy small = ConsentPolicy.builder().category(ConsentCategory.of("analytics", "A", "A")).build();
        ConsentResolver r = ConsentResolver.create(small, allSources().build(), "consentgate", CODEC, CLOCK);

        ConsentState s = r.resolve(cookies("CookieConsent", COOKIEBOT_ALL_PLAIN));

        assertThat(s.granted()).containsExactly("analytics", "necessary");
    }

    @Test
    void resolve_gpcWithGrantedAdvertisingInOwnCookie_refusesAdvertisingOnly() {
        ConsentResolver r = resolver(allSources().build());
        SignalRequest request = request(GPC, "consentgate", signed("advertising", "analytics"));

        ConsentState s = r.resolve(request);

        assertThat(s.source()).isEqualTo(DecisionSource.COOKIE);
        assertThat(s.granted()).containsExactly("analytics", "necessary");
        assertThat(r.overriding(request)).containsExactly(DecisionSource.GPC);
    }

    @Test
    void resolve_gpcWithCmpAcceptAll_refusesAdvertising() {
        ConsentState s = resolver(allSources().build()).resolve(request(GPC, "CookieConsent", COOKIEBOT_ALL_PLAIN));

        assertThat(s.source()).isEqualTo(DecisionSource.COOKIEBOT);
        assertThat(s.granted()).containsExactly("analytics", "necessary", "preferences");
    }

    @Test
    void resolve_gpcAlone_staysUndecidedAndGrantsNothing() {
        ConsentState s = resolver(allSources().build()).resolve(request(GPC));

        assertThat(s.isDecided()).isFalse();
        assertThat(s.granted()).containsExactly("necessary");
    }

    @Test
    void resolve_gpcOtherValuesOrOff_changeNothing() {
        SignalRequest zero = request(Map.of("sec-gpc", "0"), "consentgate", signed("advertising"));
        SignalRequest one = request(GPC, "consentgate", signed("advertising"));

        assertThat(resolver(allSources().build()).resolve(zero).granted()).contains("advertising");
        assertThat(resolver(allSources().gpc(false).build()).resolve(one).granted()).contains("advertising");
        assertThat(resolver(allSources().gpc(false).build()).overriding(one)).isEmpty();
    }

    @Test
    void resolve_gpcConfiguredCategories_refusesThose() {
        SignalsConfig signals = allSources().gpcRefuses(List.of("advertising", "analytics")).build();

        ConsentState s = resolver(signals).resolve(request(GPC, "consentgate", signed("advertising", "analytics",
                "preferences")));

        assertThat(s.granted()).containsExactly("necessary", "preferences");
    }

    @Test
    void override_freshChoice_gpcStillRefuses() {
        ConsentResolver r = resolver(allSources().build());
        ConsentState choice = ConsentState.decided(UUID.randomUUID(), Set.of("advertising", "analytics"), 2, NOW,
                NOW.plusSeconds(60), DecisionSource.CHOICE);

        assertThat(r.override(choice, request(GPC)).granted()).containsExactly("analytics", "necessary");
        assertThat(r.override(choice, request(Map.of()))).isSameAs(choice);
    }

    @Test
    void resolve_throwingSource_isNoDecision() {
        ConsentResolver r = ConsentResolver.builder(POLICY)
                .source(request -> {
                    throw new IllegalStateException("boom");
                })
                .source(ConsentSource.fixed(DecisionSource.of("mycmp"), Set.of("analytics")))
                .override(request -> {
                    throw new IllegalStateException("boom");
                })
                .build();

        ConsentState s = r.resolve(cookies());

        assertThat(s.source().jsonName()).isEqualTo("mycmp");
        assertThat(s.granted()).containsExactly("analytics", "necessary");
    }

    @Test
    void resolve_sourceClaimingToBeTheSignedCookie_isRelabelled() {
        ConsentResolver r = ConsentResolver.builder(POLICY)
                .source(ConsentSource.fixed(DecisionSource.COOKIE, Set.of("analytics"))).build();

        assertThat(r.resolve(cookies()).source().jsonName()).isEqualTo("external");
    }

    @Test
    void firstDecided_asksInOrderUntilOneDecides() {
        ConsentSource a = ConsentSource.none();
        ConsentSource b = ConsentSource.fixed(DecisionSource.of("b"), Set.of("analytics"));
        ConsentSource c = ConsentSource.fixed(DecisionSource.of("c"), Set.of("advertising"));

        assertThat(ConsentSource.firstDecided(a, b, c).decide(cookies())).map(d -> d.source().jsonName())
                .contains("b");
        assertThat(a.orElse(c).decide(cookies())).map(d -> d.source().jsonName()).contains("c");
        assertThat(ConsentSource.firstDecided().decide(cookies())).isEqualTo(Optional.empty());
    }

    @Test
    void resolve_duplicateOwnCookies_latestDecisionWins() {
        String older = CODEC.encode(ConsentState.decided(UUID.randomUUID(), Set.of("advertising"), 2,
                NOW.minusSeconds(600), NOW.plus(Duration.ofDays(30)), DecisionSource.CHOICE));

        ConsentState s = resolver(SignalsConfig.defaults()).resolve(cookies("consentgate", signed("analytics"),
                "consentgate", older));

        assertThat(s.granted()).containsExactly("analytics", "necessary");
    }

    @Test
    void resolve_rawCookieHeaderOfTenCookies_readsTheSignedCookieInPlace() {
        String value = signed("analytics", "advertising");
        String header = "JSESSIONID=node01x; _ga=GA1.1.1.2; _gid=GA1.2.3.4; OptanonConsent=isGpcEnabled=0&groups=C0002%3A1"
                + "; cart=9;consentgate = \"" + value + "\" ; lang=en; a=1; b=2; c=3";
        ConsentResolver resolver = resolver(SignalsConfig.defaults());
        SignalRequest fromHeader = SignalRequest.ofCookieHeader(header, name -> null);

        ConsentState state = resolver.resolve(fromHeader);
        assertThat(state.source()).isEqualTo(DecisionSource.COOKIE);
        assertThat(state.granted()).containsExactly("advertising", "analytics", "necessary");
        assertThat(state).isEqualTo(resolver.resolve(cookies("consentgate", "\"" + value + "\"")));
        assertThat(fromHeader.cookieValues("consentgate")).containsExactly("\"" + value + "\"");
        assertThat(fromHeader.cookies()).hasSize(10);
        // A tampered copy is ignored wherever it stands; GPC still refuses from the header lookup.
        String tampered = header.replace("consentgate = \"1.", "consentgate = \"2.");
        assertThat(resolver.resolve(SignalRequest.ofCookieHeader(tampered, name -> null)).isDecided()).isFalse();
        assertThat(resolver.resolve(SignalRequest.ofCookieHeader(header, name -> name.equals("sec-gpc") ? "1" : null))
                .granted()).containsExactly("analytics", "necessary");
        assertThat(resolver.resolve(SignalRequest.ofCookieHeader(null, name -> null)).isDecided()).isFalse();
    }

    @Test
    void resolve_headerWithSeveralSignedCookies_takesTheNewest() {
        String older = CODEC.encode(ConsentState.decided(UUID.randomUUID(), Set.of("analytics"), 2,
                NOW.minusSeconds(120), NOW.plus(Duration.ofDays(30)), DecisionSource.CHOICE));
        String newer = signed("preferences");
        for (String header : List.of("consentgate=" + older + "; consentgate=" + newer,
                "consentgate=" + newer + "; consentgate=" + older)) {
            assertThat(resolver(SignalsConfig.defaults()).resolve(SignalRequest.ofCookieHeader(header, name -> null))
                    .granted()).containsExactly("necessary", "preferences");
        }
    }

    @Test
    void resolveHeader_anyRequest_equalsResolvingTheSignalRequest() {
        String valid = signed("analytics", "advertising");
        ConsentSource refusesPreferences = request -> Optional.of(SignalDecision.refusing(DecisionSource.of("mine"),
                Set.of("preferences")));
        List<ConsentResolver> resolvers = List.of(resolver(SignalsConfig.defaults()),
                resolver(allSources().build()),
                ConsentResolver.builder(POLICY).signedCookie("consentgate", CODEC).override(refusesPreferences)
                        .build(),
                ConsentResolver.builder(POLICY).source(ConsentSource.gpc(Set.of("analytics")))
                        .signedCookie("consentgate", CODEC).build());
        List<String> headers = new java.util.ArrayList<>(List.of("", "consentgate=" + valid,
                "a=1; consentgate=" + valid.replace("1.k1.", "1.k9.") + "; b=2",
                "consentgate=" + signed("preferences", "analytics") + "; OptanonConsent=" + ONETRUST_ANALYTICS_ADS));
        headers.add(null);
        for (ConsentResolver resolver : resolvers) {
            for (String header : headers) {
                for (Map<String, String> requestHeaders : List.of(Map.<String, String>of(), GPC)) {
                    java.util.function.Function<String, String> lookup = name -> requestHeaders.entrySet().stream()
                            .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst()
                            .orElse(null);
                    assertThat(resolver.resolve(header, lookup)).as("header %s, %s", header, requestHeaders)
                            .isEqualTo(resolver.resolve(SignalRequest.ofCookieHeader(header, lookup)));
                }
            }
        }
        // The overrides still apply on the header path, the non-GPC one through a request made on demand.
        assertThat(resolvers.get(2).resolve("consentgate=" + signed("preferences", "analytics"), name -> null)
                .granted()).containsExactly("analytics", "necessary");
        assertThat(resolvers.get(0).resolve("consentgate=" + valid, name -> name.equals("sec-gpc") ? " 1 " : null)
                .granted()).containsExactly("analytics", "necessary");
    }
}
