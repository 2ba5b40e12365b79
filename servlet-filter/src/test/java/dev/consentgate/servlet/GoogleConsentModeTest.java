package dev.consentgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.consent.DecisionSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GoogleConsentModeTest {

    @Test
    void gtagDefault_undecided_deniesEverything() {
        assertThat(GoogleConsentMode.defaults().gtagDefault(ConsentState.undecided(1))).isEqualTo(
                "gtag('consent', 'default', {\"ad_storage\":\"denied\",\"ad_user_data\":\"denied\","
                        + "\"ad_personalization\":\"denied\",\"analytics_storage\":\"denied\"});");
    }

    @Test
    void gtagUpdate_analyticsGranted_grantsAnalyticsStorageOnly() {
        ConsentState analytics = ConsentState.external(Set.of("analytics"), 1, DecisionSource.TCF);

        assertThat(GoogleConsentMode.defaults().gtagUpdate(analytics)).isEqualTo(
                "gtag('consent', 'update', {\"ad_storage\":\"denied\",\"ad_user_data\":\"denied\","
                        + "\"ad_personalization\":\"denied\",\"analytics_storage\":\"granted\"});");
    }

    @Test
    void of_customMapping_usesItsOrderAndCategories() {
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("security_storage", "necessary");
        mapping.put("functionality_storage", "preferences");

        assertThat(GoogleConsentMode.of(mapping).values(ConsentState.undecided(1)))
                .containsExactly(Map.entry("security_storage", "granted"),
                        Map.entry("functionality_storage", "denied"));
    }

    @Test
    void of_unknownType_fails() {
        assertThatThrownBy(() -> GoogleConsentMode.of(Map.of("ads", "advertising")))
                .hasMessageStartingWith("googleConsentMode type must be one of");
    }
}
