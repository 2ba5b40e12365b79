package dev.consentgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.consentgate.core.tracking.BrowserMode;
import dev.consentgate.core.tracking.ClientIpHeader;
import dev.consentgate.core.tracking.IpMode;
import dev.consentgate.core.tracking.ReferrerMode;
import dev.consentgate.core.tracking.TrackingConfig;
import dev.consentgate.core.tracking.TrackingField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code tracking} object of the configuration file; the rest is {@link ConfigLoaderTest}'s. */
class TrackingConfigLoaderTest {

    private static final String POLICY = "'categories': [{'id': 'analytics', 'title': 'A', 'description': 'A'},"
            + " {'id': 'security', 'title': 'S', 'description': 'S'}]";

    @TempDir
    Path dir;

    @Test
    void load_fullTrackingObject_setsEverySetting() throws IOException {
        Path file = write("{" + POLICY + ", 'tracking': {'enabled': false, 'skipPaths': ['/static/', '/favicon.ico'],"
                + " 'fields': {'ip': 'security', 'browser': 'analytics', 'referrer': 'necessary',"
                + " 'path': 'analytics', 'adParams': 'analytics'},"
                + " 'ip': 'full', 'browser': 'raw', 'referrer': 'none', 'clientIpHeader': 'forwarded',"
                + " 'trustedProxies': ['127.0.0.0/8', '::1', '2001:db8::/32']}}");

        TrackingConfig tracking = ConfigLoader.load(file).tracking();

        assertThat(tracking.enabled()).isFalse();
        assertThat(tracking.skipPaths()).containsExactly("/static/", "/favicon.ico");
        assertThat(tracking.category(TrackingField.IP)).isEqualTo("security");
        assertThat(tracking.category(TrackingField.BROWSER)).isEqualTo("analytics");
        assertThat(tracking.category(TrackingField.REFERRER)).isEqualTo("necessary");
        assertThat(tracking.category(TrackingField.PATH)).isEqualTo("analytics");
        assertThat(tracking.category(TrackingField.AD_PARAMS)).isEqualTo("analytics");
        assertThat(tracking.ip()).isEqualTo(IpMode.FULL);
        assertThat(tracking.browser()).isEqualTo(BrowserMode.RAW);
        assertThat(tracking.referrer()).isEqualTo(ReferrerMode.NONE);
        assertThat(tracking.clientIpHeader()).isEqualTo(ClientIpHeader.FORWARDED);
        assertThat(tracking.trustedProxies()).containsExactly("127.0.0.0/8", "::1/128", "2001:db8::/32");
    }

    @Test
    void load_noTrackingObject_usesDefaults() throws IOException {
        TrackingConfig tracking = ConfigLoader.load(write("{}")).tracking();

        TrackingConfig defaults = TrackingConfig.defaults();
        assertThat(tracking.enabled()).isTrue();
        assertThat(tracking.skipPaths()).isEmpty();
        assertThat(tracking.categories()).isEqualTo(defaults.categories());
        assertThat(tracking.ip()).isEqualTo(IpMode.TRUNCATED);
        assertThat(tracking.browser()).isEqualTo(BrowserMode.FAMILY);
        assertThat(tracking.referrer()).isEqualTo(ReferrerMode.ORIGIN);
        assertThat(tracking.clientIpHeader()).isEqualTo(ClientIpHeader.X_FORWARDED_FOR);
        assertThat(tracking.trustedProxies()).isEmpty();
    }

    @Test
    void load_defaultCategoriesWithoutThemInThePolicy_isAccepted() throws IOException {
        // Without an analytics category, the analytics fields are simply never granted.
        TrackingConfig tracking = ConfigLoader.load(write("{'tracking': {'fields': {'ip': 'analytics'}}}")).tracking();

        assertThat(tracking.category(TrackingField.IP)).isEqualTo("analytics");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown key          | {'tracking': {'enable': true}}                 | $.tracking.enable"
                + "         | unknown key 'enable', expected one of [enabled, skipPaths, fields, ip, browser, referrer,"
                + " clientIpHeader, trustedProxies]",
        "not an object        | {'tracking': true}                             | $.tracking"
                + "                | expected an object, got a boolean",
        "enabled a string     | {'tracking': {'enabled': 'yes'}}               | $.tracking.enabled"
                + "        | expected a boolean, got a string",
        "skip path relative   | {'tracking': {'skipPaths': ['/a/', 'b/']}}     | $.tracking.skipPaths[1]"
                + "   | skipPaths entry must start with / and contain no spaces or control characters, got 'b/'",
        "unknown field        | {'tracking': {'fields': {'email': 'analytics'}}} | $.tracking.fields.email"
                + " | unknown key 'email', expected one of [ip, browser, referrer, path, adParams]",
        "field not a string   | {'tracking': {'fields': {'ip': true}}}         | $.tracking.fields.ip"
                + "      | expected a string, got a boolean",
        "bad category id      | {'tracking': {'fields': {'ip': 'Analytics'}}}  | $.tracking.fields.ip"
                + "      | tracking field 'ip' needs a category id matching [a-z][a-z0-9_-]{0,31}, got 'Analytics'",
        "undefined category   | {'tracking': {'fields': {'ip': 'analytcs'}}}   | $.tracking.fields.ip"
                + "      | tracking field 'ip' needs category 'analytcs', which the policy does not define",
        "ip mode              | {'tracking': {'ip': 'hashed'}}                 | $.tracking.ip"
                + "             | expected one of [truncated, full, none], got 'hashed'",
        "browser mode         | {'tracking': {'browser': 'full'}}              | $.tracking.browser"
                + "        | expected one of [family, raw, none], got 'full'",
        "referrer mode        | {'tracking': {'referrer': 'host'}}             | $.tracking.referrer"
                + "       | expected one of [origin, full, none], got 'host'",
        "client ip header     | {'tracking': {'clientIpHeader': 'X-Real-IP'}}  | $.tracking.clientIpHeader"
                + " | expected one of [x-forwarded-for, forwarded], got 'X-Real-IP'",
        "proxies not an array | {'tracking': {'trustedProxies': '10.0.0.0/8'}} | $.tracking.trustedProxies"
                + " | expected an array, got a string",
        "proxy host name      | {'tracking': {'trustedProxies': ['10.0.0.0/8', 'lb.internal']}}"
                + " | $.tracking.trustedProxies[1] | trustedProxies entry must be an IP address or a CIDR block such"
                + " as 10.0.0.0/8 or 2001:db8::/32, got 'lb.internal'",
        "proxy prefix         | {'tracking': {'trustedProxies': ['10.0.0.0/40']}} | $.tracking.trustedProxies[0]"
                + " | trustedProxies entry must have a prefix length from 0 to 32 for IPv4, got '10.0.0.0/40'",
        "proxy host bits      | {'tracking': {'trustedProxies': ['192.168.1.10/16']}} | $.tracking.trustedProxies[0]"
                + " | trustedProxies entry has bits set after its prefix, did you mean '192.168.0.0/16'? got"
                + " '192.168.1.10/16'",
        "proxy null           | {'tracking': {'trustedProxies': [null]}}       | $.tracking.trustedProxies[0]"
                + " | expected a string, got null",
    })
    void load_invalidTracking_failsNamingPathAndProblem(String name, String json, String path, String problem)
            throws IOException {
        Path file = write(json);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e).as(name).isNotNull();
        assertThat(e).hasMessage(file + ": " + path + ": " + problem);
        assertThat(e.jsonPath()).isEqualTo(Optional.of(path));
    }

    @Test
    void builder_undefinedCategoryFromCode_failsTheSameWay() {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> ConsentGateConfig
                .builder().tracking(TrackingConfig.builder().field(TrackingField.PATH, "clicks").build()).build());

        assertThat(e).hasMessage("tracking field 'path' needs category 'clicks', which the policy does not define");
    }

    @Test
    void toBuilder_keepsTracking() {
        TrackingConfig tracking = TrackingConfig.builder().trustedProxies(List.of("10.0.0.0/8")).build();

        ConsentGateConfig config = ConsentGateConfig.builder().tracking(tracking).build().toBuilder().build();

        assertThat(config.tracking()).isSameAs(tracking);
    }

    private Path write(String singleQuoted) throws IOException {
        return Files.writeString(dir.resolve("consentgate.json"), singleQuoted.replace('\'', '"'));
    }
}
