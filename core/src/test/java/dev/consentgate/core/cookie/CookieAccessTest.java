package dev.consentgate.core.cookie;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.consent.DecisionSource;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.core.policy.CookieMatchers;
import dev.consentgate.core.policy.UnclassifiedCookies;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CookieAccessTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static CookieAccess access(UnclassifiedCookies unclassified) {
        ConsentPolicy policy = ConsentPolicy.builder().unclassifiedCookies(unclassified)
                .category(ConsentCategory.of("analytics", "Analytics", "Visits.")
                        .withCookies(CookieMatchers.names("_ga")))
                .category(ConsentCategory.of("advertising", "Advertising", "Ads.")
                        .withCookies(CookieMatchers.names("IDE")))
                .build();
        return CookieAccess.of(policy, CookieClassifier.necessary(Set.of("JSESSIONID"))
                .orElse(CookieClassifier.of(policy)));
    }

    private static ConsentState granted(String... categories) {
        return ConsentState.decided(UUID.randomUUID(), Set.of(categories), 1, NOW, NOW.plusSeconds(60),
                DecisionSource.COOKIE);
    }

    @Test
    void isAllowed_undecided_onlyNecessary() {
        CookieAccess access = access(UnclassifiedCookies.ALLOW_WHEN_ALL_GRANTED);
        ConsentState none = ConsentState.undecided(1);

        assertThat(access.isAllowed("JSESSIONID", none)).isTrue();
        assertThat(access.isAllowed("_ga", none)).isFalse();
        assertThat(access.isAllowed("IDE", none)).isFalse();
        assertThat(access.isAllowed("mine", none)).isFalse();
    }

    @Test
    void isAllowed_unclassified_followsConfiguredRule() {
        ConsentState some = granted("analytics");
        ConsentState all = granted("analytics", "advertising");

        assertThat(access(UnclassifiedCookies.ALLOW_WHEN_ALL_GRANTED).isAllowed("mine", some)).isFalse();
        assertThat(access(UnclassifiedCookies.ALLOW_WHEN_ALL_GRANTED).isAllowed("mine", all)).isTrue();
        assertThat(access(UnclassifiedCookies.BLOCK).isAllowed("mine", all)).isFalse();
        assertThat(access(UnclassifiedCookies.ALLOW).isAllowed("mine", ConsentState.undecided(1))).isTrue();
    }

    @Test
    void mustExpire_onlyClassifiedAndNotGranted() {
        CookieAccess access = access(UnclassifiedCookies.BLOCK);
        ConsentState some = granted("analytics");

        assertThat(access.mustExpire("IDE", some)).isTrue();
        assertThat(access.mustExpire("_ga", some)).isFalse();
        assertThat(access.mustExpire("mine", some)).isFalse();
        assertThat(access.mustExpire("JSESSIONID", ConsentState.undecided(1))).isFalse();
    }
}
