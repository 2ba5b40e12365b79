package dev.consentgate.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrackingConfigTest {

    @Test
    void defaults_recordMinimisedFieldsUnderDefaultCategories() {
        TrackingConfig config = TrackingConfig.defaults();

        assertThat(config.enabled()).isTrue();
        assertThat(config.skipPaths()).isEmpty();
        assertThat(config.category(TrackingField.IP)).isEqualTo("analytics");
        assertThat(config.category(TrackingField.BROWSER)).isEqualTo("analytics");
        assertThat(config.category(TrackingField.REFERRER)).isEqualTo("analytics");
        assertThat(config.category(TrackingField.PATH)).isEqualTo("analytics");
        assertThat(config.category(TrackingField.AD_PARAMS)).isEqualTo("advertising");
        assertThat(config.ip()).isEqualTo(IpMode.TRUNCATED);
        assertThat(config.browser()).isEqualTo(BrowserMode.FAMILY);
        assertThat(config.referrer()).isEqualTo(ReferrerMode.ORIGIN);
        assertThat(config.clientIpHeader()).isEqualTo(ClientIpHeader.X_FORWARDED_FOR);
        assertThat(config.trustedProxies()).isEmpty();
    }

    @Test
    void toBuilder_build_isEqualSettings() {
        TrackingConfig config = TrackingConfig.builder().enabled(false).skipPaths(List.of("/static/"))
                .field(TrackingField.IP, "security").ip(IpMode.FULL).browser(BrowserMode.RAW)
                .referrer(ReferrerMode.NONE).clientIpHeader(ClientIpHeader.FORWARDED)
                .trustedProxies(List.of("127.0.0.0/8", "::1")).build();

        TrackingConfig copy = config.toBuilder().build();

        assertThat(copy.enabled()).isFalse();
        assertThat(copy.skipPaths()).containsExactly("/static/");
        assertThat(copy.categories()).isEqualTo(config.categories());
        assertThat(copy.ip()).isEqualTo(IpMode.FULL);
        assertThat(copy.browser()).isEqualTo(BrowserMode.RAW);
        assertThat(copy.referrer()).isEqualTo(ReferrerMode.NONE);
        assertThat(copy.clientIpHeader()).isEqualTo(ClientIpHeader.FORWARDED);
        assertThat(copy.trustedProxies()).containsExactly("127.0.0.0/8", "::1/128");
    }

    @Test
    void build_doesNotChangeTheBuilder() {
        TrackingConfig.Builder builder = TrackingConfig.builder().skipPaths(List.of("/a/"));
        TrackingConfig first = builder.build();

        builder.skipPaths(List.of("/b/"));

        assertThat(first.skipPaths()).containsExactly("/a/");
    }

    @Test
    void skipPaths_invalidEntry_failsNamingIt() {
        assertThatThrownBy(() -> TrackingConfig.builder().skipPaths(List.of("/ok/", "static/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("skipPaths entry must start with / and contain no spaces or control characters,"
                        + " got 'static/'");
    }

    @Test
    void field_invalidCategory_failsNamingFieldAndCategory() {
        assertThatThrownBy(() -> TrackingConfig.builder().field(TrackingField.AD_PARAMS, "Ads"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tracking field 'adParams' needs a category id matching [a-z][a-z0-9_-]{0,31}, got 'Ads'");
    }

    @Test
    void trustedProxies_invalidEntry_keepsTheEarlierList() {
        TrackingConfig.Builder builder = TrackingConfig.builder().trustedProxies(List.of("10.0.0.0/8"));

        assertThatThrownBy(() -> builder.trustedProxies(List.of("127.0.0.1", "nope")))
                .hasMessageContaining("got 'nope'");
        assertThat(builder.build().trustedProxies()).containsExactly("10.0.0.0/8");
    }
}
