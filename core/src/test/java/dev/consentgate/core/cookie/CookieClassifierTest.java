package dev.consentgate.core.cookie;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.core.policy.CookieMatchers;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CookieClassifierTest {

    private static final ConsentPolicy POLICY = ConsentPolicy.builder()
            .category(ConsentCategory.of("preferences", "Preferences", "Language.")
                    .withCookies(CookieMatchers.names("lang", "_ga_pref").withPatterns("ui-.*")))
            .category(ConsentCategory.of("analytics", "Analytics", "Visits.")
                    .withCookies(CookieMatchers.names("_ga", "_gid").withPrefixes("_ga_", "_g").withPatterns(
                            "_hj.*")))
            .category(ConsentCategory.of("advertising", "Advertising", "Ads.")
                    .withCookies(CookieMatchers.names("IDE").withPrefixes("_gcl_", "_ga_ads_").withPatterns(
                            "_g.*", "ad[0-9]+")))
            .build();

    private static final CookieClassifier CLASSIFIER = CookieClassifier.necessary(Set.of("consentgate",
            "JSESSIONID")).orElse(CookieClassifier.of(POLICY));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
        "lang,          preferences",   // exact
        "_ga,           analytics",     // exact
        "_ga_pref,      preferences",   // exact beats the prefix _ga_ of another category
        "_ga_XYZ,       analytics",     // prefix
        "_ga_ads_1,     advertising",   // the longest prefix wins over the shorter _ga_
        "_gcl_au,       advertising",   // prefix _gcl_ beats the shorter _g
        "_gat,          analytics",     // prefix _g beats the regex _g.* of another category
        "_hjSession,    analytics",     // regex
        "ui-theme,      preferences",   // regex, category order
        "ad12,          advertising",   // regex
        "ad12x,         none",          // regexes match whole names only
        "LANG,          none",          // names are case-sensitive (RFC 6265 §5.3)
        "consentgate,   necessary",     // always necessary, asked first
        "JSESSIONID,    necessary",
        "mine,          none",
        "'',            none"
    })
    void categoryOf_precedence(String name, String expected) {
        assertThat(CLASSIFIER.categoryOf(name)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest
    @CsvSource({"_hj", "ad"})
    void categoryOf_nameLongerThan256_isUnclassifiedWithoutRegex(String start) {
        String name = start + "1".repeat(CookieClassifier.MAX_NAME_LENGTH);

        assertThat(CLASSIFIER.categoryOf(name)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"_ga", "lang"})
    void orElse_firstClassifierWins(String name) {
        CookieClassifier app = n -> n.equals(name) ? Optional.of("advertising") : Optional.empty();

        assertThat(app.orElse(CookieClassifier.of(POLICY)).categoryOf(name)).hasValue("advertising");
    }
}
