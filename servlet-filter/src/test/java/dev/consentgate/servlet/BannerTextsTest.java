package dev.consentgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BannerTextsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL                           | en",
        "''                             | en",
        "de                             | de",
        "de-DE,de;q=0.9,en;q=0.8        | de",
        "fr-CH, fr;q=0.9, en;q=0.8      | fr",
        "it, de;q=0.5                   | de",
        "it                             | en",
        "*                              | en",
        "de;q=0                         | en",
        "en;q=0.5, fr                   | fr",
        "en;q=0.5, fr;q=0.5             | en",
        "de;q=abc, fr;q=0.1             | fr",
        "DE-de                          | de",
        ";;,,=;q=                       | en",
        "de;q=1.5, fr;q=0.2             | fr",
    })
    void language_acceptLanguage_choosesHighestWeightedBannerLanguage(String header, String expected) {
        assertThat(BannerTexts.language(header)).isEqualTo(expected);
    }

    @Test
    void language_hugeHeader_isDefault() {
        assertThat(BannerTexts.language("de;q=0.9, ".repeat(200))).isEqualTo("en");
    }

    @Test
    void bundles_haveTheSameKeysInEveryLanguage() {
        BannerTexts texts = new BannerTexts(ConsentPolicy.builder().build());

        for (String language : BannerTexts.LANGUAGES) {
            assertThat(texts.labels(language).keySet()).as(language)
                    .isEqualTo(texts.labels(BannerTexts.DEFAULT_LANGUAGE).keySet());
            assertThat(texts.labels(language).values()).as(language).allSatisfy(v -> assertThat(v).isNotBlank());
        }
        assertThat(texts.labels("en")).containsEntry("acceptAll", "Accept all").containsEntry("rejectAll", "Reject all")
                .containsEntry("customise", "Customise").containsEntry("settings", "Cookie settings");
    }

    @Test
    void create_translationIntoLanguageWithoutBannerTexts_fails() {
        ConsentPolicy policy = ConsentPolicy.builder().category(ConsentCategory.of("analytics", "A", "A")
                .withTranslation("it", "Statistiche", "Visite.")).build();

        assertThatThrownBy(() -> new BannerTexts(policy)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("category 'analytics' has a translation into 'it', but the banner has texts only for"
                        + " [en, de, fr]");
    }

    @Test
    void filterInit_translationIntoLanguageWithoutBannerTexts_failsStartup() {
        ConsentPolicy policy = ConsentPolicy.builder().category(ConsentCategory.of("analytics", "A", "A")
                .withTranslation("it", "Statistiche", "Visite.")).build();

        // Jetty wraps what init throws; somewhere in the chain is the filter's ServletException.
        assertThatThrownBy(() -> TestSite.start(f -> f.config(TestSite.config().policy(policy).build())))
                .satisfies(e -> assertThat(causes(e)).anySatisfy(c -> assertThat(c)
                        .isInstanceOf(ServletException.class)
                        .hasMessage("category 'analytics' has a translation into 'it', but the banner has texts only"
                                + " for [en, de, fr]")));
    }

    private static java.util.List<Throwable> causes(Throwable e) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }
}
