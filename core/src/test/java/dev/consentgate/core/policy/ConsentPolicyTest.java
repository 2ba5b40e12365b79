package dev.consentgate.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsentPolicyTest {

    private static ConsentCategory analytics() {
        return ConsentCategory.of("analytics", "Analytics", "Visits.").withCookies(CookieMatchers.names("_ga"));
    }

    @Test
    void build_defaults_necessaryOnlyOptIn() {
        ConsentPolicy policy = ConsentPolicy.builder().build();

        assertThat(policy.categoryIds()).containsExactly("necessary");
        assertThat(policy.revision()).isEqualTo(1);
        assertThat(policy.mode()).isEqualTo(ConsentMode.OPT_IN);
        assertThat(policy.acceptLifetime()).isEqualTo(Duration.ofDays(365));
        assertThat(policy.refusalLifetime()).isEqualTo(Duration.ofDays(182));
    }

    @Test
    void build_necessaryAlwaysFirst() {
        ConsentPolicy policy = ConsentPolicy.builder().category(analytics())
                .category(ConsentCategory.of("necessary", "Essential", "Needed.")).build();

        assertThat(policy.categoryIds()).containsExactly("necessary", "analytics");
        assertThat(policy.category("necessary").orElseThrow().title()).isEqualTo("Essential");
    }

    @Test
    void category_duplicateId_failsNamingIt() {
        assertThatThrownBy(() -> ConsentPolicy.builder().category(analytics()).category(analytics()))
                .hasMessage("duplicate category id 'analytics'");
    }

    @Test
    void build_sameCookieInTwoCategories_failsNamingBoth() {
        ConsentPolicy.Builder b = ConsentPolicy.builder().category(analytics())
                .category(ConsentCategory.of("advertising", "Ads", "Ads.").withCookies(CookieMatchers.names("_ga")));

        assertThatThrownBy(b::build).hasMessage("cookie name '_ga' is listed by both 'analytics' and 'advertising'");
    }

    @Test
    void acceptLifetime_over13Months_fails() {
        assertThatThrownBy(() -> ConsentPolicy.builder().acceptLifetime(Duration.ofDays(400)))
                .hasMessageStartingWith("acceptLifetime must be at most 13 months (P395D)");
    }

    @Test
    void revision_zero_fails() {
        assertThatThrownBy(() -> ConsentPolicy.builder().revision(0)).hasMessage("revision must be at least 1, got 0");
    }

    @Test
    void toBuilder_roundTrips_andAcceptsCustomNecessary() {
        ConsentPolicy policy = ConsentPolicy.builder().category(analytics()).revision(4).build();

        ConsentPolicy copy = policy.toBuilder().category(ConsentCategory.of("necessary", "Essential", "Needed."))
                .build();

        assertThat(copy.categoryIds()).containsExactly("necessary", "analytics");
        assertThat(copy.revision()).isEqualTo(4);
    }

    @Test
    void cookieMatchers_nameWithSpace_failsNamingIt() {
        assertThatThrownBy(() -> CookieMatchers.names(" _ga"))
                .hasMessage("cookie name must be a token without spaces, separators or control characters,"
                        + " got ' _ga'");
        assertThatThrownBy(() -> CookieMatchers.none().withPrefixes("_ga,"))
                .hasMessageStartingWith("cookie name prefix must be a token");
    }
    @Test
    void textHash_withoutTranslations_isTheHashOfIdsTitlesAndDescriptions() throws Exception {
        ConsentPolicy policy = ConsentPolicy.builder().category(analytics()).build();
        String text = "1\0necessary\0" + ConsentCategory.necessary().title() + "\0"
                + ConsentCategory.necessary().description() + "\0analytics\0Analytics\0Visits.";

        assertThat(policy.textHash()).isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest
                .getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    @Test
    void textHash_translationAdded_changes() {
        ConsentPolicy plain = ConsentPolicy.builder().category(analytics()).build();
        ConsentPolicy translated = ConsentPolicy.builder()
                .category(analytics().withTranslation("de", "Statistik", "Besuche.")).build();

        assertThat(translated.textHash()).isNotEqualTo(plain.textHash());
    }

    @Test
    void category_hostsAreLowerCasedAndDeduplicated() {
        ConsentCategory c = analytics().withHosts(java.util.List.of("WWW.Example.com", "www.example.com",
                "*.cdn.example"));

        assertThat(c.hosts()).containsExactly("www.example.com", "*.cdn.example");
        assertThat(c.withCookies(CookieMatchers.none()).hosts()).isEqualTo(c.hosts());
    }
}
