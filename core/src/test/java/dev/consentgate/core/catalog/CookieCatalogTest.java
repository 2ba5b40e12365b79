package dev.consentgate.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.cookie.CookieClassifier;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.core.policy.CookieMatchers;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CookieCatalogTest {

    private static final ConsentPolicy ALL = policy("preferences", "analytics", "advertising");

    @ParameterizedTest
    @CsvSource({
            "_ga, analytics", "_ga_ABC123, analytics", "_gid, analytics", "_gat_UA-1, analytics",
            "__utma, analytics", "__utmz, analytics", "IDE, advertising", "_gcl_au, advertising",
            "_gcl_xyz, advertising", "test_cookie, advertising", "_fbp, advertising", "fr, advertising",
            "_hjSessionUser_123, analytics", "_hjAnything, analytics", "_hjOptOut, necessary",
            "_pk_id.1.abcd, analytics", "_clck, analytics", "_clsk, analytics", "MUID, advertising",
            "bcookie, advertising", "_ttp, advertising", "hubspotutk, analytics", "AMCV_ABC%40AdobeOrg, analytics",
            "s_vi, analytics", "OptanonConsent, necessary", "intercom-id-abc, preferences"})
    void builtIn_wellKnownName_hasItsCategory(String name, String category) {
        assertThat(CookieCatalog.builtIn().classifier(ALL).categoryOf(name)).contains(category);
    }

    @Test
    void builtIn_holdsAFewHundredEntriesWithVendorAndRetention() {
        List<CatalogEntry> entries = CookieCatalog.builtIn().entries();
        assertThat(entries).hasSizeGreaterThanOrEqualTo(300);
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.vendor()).isNotBlank();
            assertThat(e.retention()).isNotBlank();
            assertThat(e.category()).isIn("necessary", "preferences", "analytics", "advertising");
        });
        assertThat(CookieCatalog.builtIn().find("_ga")).get()
                .isEqualTo(new CatalogEntry("_ga", false, "analytics", "Google Analytics", "2 years"));
    }

    @Test
    void builtIn_unknownOrOverlongName_isUnclassified() {
        CookieClassifier classifier = CookieCatalog.builtIn().classifier(ALL);
        assertThat(classifier.categoryOf("my_app_cart")).isEmpty();
        assertThat(classifier.categoryOf("_ga_" + "x".repeat(300))).isEmpty();
    }

    @Test
    void classifier_categoryThePolicyLacks_isUnclassified() {
        CookieClassifier classifier = CookieCatalog.builtIn().classifier(policy("analytics"));
        assertThat(classifier.categoryOf("_ga")).contains("analytics");
        assertThat(classifier.categoryOf("_fbp")).isEmpty();
        assertThat(classifier.categoryOf("OptanonConsent")).contains("necessary");
    }

    @Test
    void classifier_askedTwice_answersTheSame() {
        CookieClassifier classifier = CookieCatalog.builtIn().classifier(ALL);
        assertThat(classifier.categoryOf("_ga_X")).contains("analytics");
        assertThat(classifier.categoryOf("_ga_X")).contains("analytics");
        assertThat(classifier.categoryOf("nope")).isEmpty();
        assertThat(classifier.categoryOf("nope")).isEmpty();
    }

    @Test
    void find_exactName_beatsLongestPrefix_whichBeatsShorterPrefix() {
        CookieCatalog catalog = CookieCatalog.of(List.of(entry("ab", true, "analytics"),
                entry("abc", true, "advertising"), entry("abcd", false, "preferences")));
        assertThat(catalog.find("abcd").map(CatalogEntry::category)).contains("preferences");
        assertThat(catalog.find("abcde").map(CatalogEntry::category)).contains("advertising");
        assertThat(catalog.find("abx").map(CatalogEntry::category)).contains("analytics");
        assertThat(catalog.find("a")).isEmpty();
    }

    @Test
    void of_nameListedTwice_keepsTheStricterCategory() {
        CookieCatalog catalog = CookieCatalog.of(List.of(entry("x", false, "preferences"),
                entry("x", false, "advertising"), entry("x", false, "analytics"), entry("y", false, "necessary"),
                entry("y", false, "preferences"), entry("x", true, "necessary")));
        assertThat(catalog.find("x").map(CatalogEntry::category)).contains("advertising");
        assertThat(catalog.find("y").map(CatalogEntry::category)).contains("preferences");
        assertThat(catalog.find("xz").map(CatalogEntry::category)).contains("necessary");
        assertThat(catalog.entries()).hasSize(3);
    }

    @Test
    void chain_appConfiguration_overridesCatalog() {
        ConsentPolicy policy = ConsentPolicy.builder()
                .category(new ConsentCategory("preferences", "P", "P", CookieMatchers.names("_ga")))
                .category(ConsentCategory.of("analytics", "A", "A"))
                .build();
        CookieClassifier chain = CookieClassifier.of(policy).orElse(CookieCatalog.builtIn().classifier(policy));
        assertThat(chain.categoryOf("_ga")).contains("preferences");
        assertThat(chain.categoryOf("_gid")).contains("analytics");
        assertThat(chain.categoryOf("_fbp")).isEqualTo(Optional.empty());
    }

    static ConsentPolicy policy(String... ids) {
        ConsentPolicy.Builder b = ConsentPolicy.builder();
        for (String id : ids) {
            b.category(ConsentCategory.of(id, id, id));
        }
        return b.build();
    }

    private static CatalogEntry entry(String name, boolean prefix, String category) {
        return new CatalogEntry(name, prefix, category, "V", "1 year");
    }
}
