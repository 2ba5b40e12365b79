package dev.consentgate.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignalsConfigTest {

    @Test
    void defaults_onlySignedCookieAndGpc() {
        SignalsConfig d = SignalsConfig.defaults();

        assertThat(d.precedence()).containsExactly("consentgate", "tcf", "cookiebot", "onetrust", "cookieconsent",
                "klaro", "tarteaucitron");
        assertThat(d.gpc()).isTrue();
        assertThat(d.gpcRefuses()).containsExactly("advertising");
        assertThat(d.gpcLastUpdate()).isEmpty();
        assertThat(d.tcf()).isFalse();
        assertThat(d.tcfCookieName()).isEqualTo("euconsent-v2");
        assertThat(d.tcfPurposes()).containsExactly(Map.entry("analytics", Set.of(1, 8, 9)),
                Map.entry("advertising", Set.of(1, 2, 3, 4)), Map.entry("preferences", Set.of(1, 5, 6)));
        for (ConsentManager m : ConsentManager.values()) {
            assertThat(d.manager(m).enabled()).isFalse();
            assertThat(d.manager(m).cookieName()).isEqualTo(m.defaultCookieName());
        }
        assertThat(d.manager(ConsentManager.ONETRUST).mapping()).containsExactly(Map.entry("C0002", "analytics"),
                Map.entry("C0003", "preferences"), Map.entry("C0004", "advertising"));
        assertThat(d.googleConsentMode()).containsOnlyKeys("ad_storage", "ad_user_data", "ad_personalization",
                "analytics_storage");
        assertThat(d.consentManagerCookies()).contains("CookieConsent", "OptanonConsent", "OptanonAlertBoxClosed",
                "euconsent-v2", "cc_cookie", "klaro", "tarteaucitron");
    }

    @Test
    void toBuilder_roundTrips() {
        SignalsConfig c = SignalsConfig.builder().tcf(true).tcfCookieName("tc").gpcLastUpdate(LocalDate.of(2026, 1, 2))
                .manager(ConsentManager.KLARO, true).managerMapping(ConsentManager.KLARO, Map.of("ga", "analytics"))
                .build();

        SignalsConfig copy = c.toBuilder().build();

        assertThat(copy.tcfCookieName()).isEqualTo("tc");
        assertThat(copy.manager(ConsentManager.KLARO)).isEqualTo(c.manager(ConsentManager.KLARO));
        assertThat(copy.gpcLastUpdate()).isEqualTo(c.gpcLastUpdate());
        assertThat(copy.consentManagerCookies()).contains("tc", "euconsent-v2");
    }

    @Test
    void builder_invalidSettings_failNamingSettingAndValue() {
        SignalsConfig.Builder b = SignalsConfig.builder();
        assertThatThrownBy(() -> b.precedence(List.of("consentgate", "usercentrics")))
                .hasMessage("precedence entry 'usercentrics' is not a source, expected one of [consentgate, tcf,"
                        + " cookiebot, onetrust, cookieconsent, klaro, tarteaucitron]");
        assertThatThrownBy(() -> b.precedence(List.of("tcf"))).hasMessage(
                "precedence must name consentgate, the signed consent cookie");
        assertThatThrownBy(() -> b.precedence(List.of("consentgate", "tcf", "tcf")))
                .hasMessage("precedence names 'tcf' twice");
        assertThatThrownBy(() -> b.tcfPurposes(Map.of("analytics", List.of(8, 9)))).hasMessage(
                "tcfPurposes for 'analytics' must include purpose 1 (store and/or access information on a device),"
                        + " got [8, 9]");
        assertThatThrownBy(() -> b.tcfPurposes(Map.of("analytics", List.of(1, 12))))
                .hasMessage("tcfPurposes numbers must be from 1 to 11, got 12");
        assertThatThrownBy(() -> b.tcfSpecialFeatures(Map.of("advertising", List.of(3))))
                .hasMessage("tcfSpecialFeatures numbers must be from 1 to 2, got 3");
        assertThatThrownBy(() -> b.gpcRefuses(List.of("necessary")))
                .hasMessage("gpcRefuses cannot name necessary, which is always granted");
        assertThatThrownBy(() -> b.gpcRefuses(List.of())).hasMessageStartingWith("gpcRefuses must name at least");
        assertThatThrownBy(() -> b.tcfCookieName("a b"))
                .hasMessage("tcfCookieName must be an RFC 6265 token of 1 to 64 characters, got 'a b'");
        assertThatThrownBy(() -> b.managerMapping(ConsentManager.ONETRUST, Map.of("C0002", "Analytics")))
                .hasMessage("onetrust.mapping category must match [a-z][a-z0-9_-]{0,31}, got 'Analytics'");
        assertThatThrownBy(() -> b.managerMapping(ConsentManager.ONETRUST, Map.of("C 2", "analytics")))
                .hasMessage("onetrust.mapping key must match [A-Za-z0-9_.:-]{1,64}, got 'C 2'");
        assertThatThrownBy(() -> b.googleConsentMode(Map.of("ads", "advertising"))).hasMessageStartingWith(
                "googleConsentMode type must be one of [ad_storage,");
    }

    @Test
    void build_klaroEnabledWithoutServices_fails() {
        assertThatThrownBy(() -> SignalsConfig.builder().manager(ConsentManager.KLARO, true).build())
                .hasMessage("klaro stores consent per service: map its services to categories before enabling it");
        assertThatThrownBy(() -> SignalsConfig.builder().manager(ConsentManager.TARTEAUCITRON, true).build())
                .hasMessageStartingWith("tarteaucitron stores consent per service");
    }

    @Test
    void build_enabledSourceNotInPrecedence_fails() {
        assertThatThrownBy(() -> SignalsConfig.builder().precedence(List.of("consentgate"))
                .manager(ConsentManager.COOKIEBOT, true).build())
                .hasMessage("cookiebot is enabled but precedence does not name it");
        assertThatThrownBy(() -> SignalsConfig.builder().precedence(List.of("consentgate")).tcf(true).build())
                .hasMessage("tcf is enabled but precedence does not name it");
    }

    @Test
    void build_specialFeatureForUnmappedCategory_fails() {
        assertThatThrownBy(() -> SignalsConfig.builder().tcfSpecialFeatures(Map.of("geo", List.of(1))).build())
                .hasMessage("tcfSpecialFeatures names 'geo', which tcfPurposes does not map");
    }

    @Test
    void referencedCategories_listsEveryMappedCategory() {
        SignalsConfig c = SignalsConfig.builder().gpcRefuses(List.of("sale"))
                .managerMapping(ConsentManager.KLARO, Map.of("matomo", "stats")).build();

        assertThat(c.referencedCategories()).containsExactly("advertising", "analytics", "preferences", "sale",
                "stats");
    }
}
