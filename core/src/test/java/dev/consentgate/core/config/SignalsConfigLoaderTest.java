package dev.consentgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.consentgate.core.signal.ConsentManager;
import dev.consentgate.core.signal.SignalsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code signals} object of the configuration file; the rest is {@link ConfigLoaderTest}'s. */
class SignalsConfigLoaderTest {

    private static final String POLICY = "'categories': [{'id': 'analytics', 'title': 'A', 'description': 'A'},"
            + " {'id': 'sale', 'title': 'S', 'description': 'S'}]";

    @TempDir
    Path dir;

    @Test
    void load_fullSignalsObject_setsEverySetting() throws IOException {
        Path file = write("{" + POLICY + ", 'signals': {"
                + " 'precedence': ['consentgate', 'onetrust', 'tcf', 'cookiebot', 'cookieconsent', 'klaro',"
                + "   'tarteaucitron'],"
                + " 'gpc': {'enabled': true, 'refuses': ['advertising', 'sale'], 'lastUpdate': '2026-11-01'},"
                + " 'tcf': {'enabled': true, 'cookieName': 'tcstring', 'purposes': {'analytics': [1, 8, 9, 10],"
                + "   'sale': [1, 2, 3, 4, 7]}, 'specialFeatures': {'sale': [1]}},"
                + " 'cookiebot': {'enabled': true, 'cookieName': 'CookieConsentEU',"
                + "   'mapping': {'statistics': 'analytics'}},"
                + " 'onetrust': {'enabled': true, 'mapping': {'C0002': 'analytics', 'C0004': 'sale'}},"
                + " 'cookieconsent': {'enabled': true},"
                + " 'klaro': {'enabled': true, 'mapping': {'googleAnalytics': 'analytics'}},"
                + " 'tarteaucitron': {'enabled': false, 'cookieName': 'tac', 'mapping': {'gtag': 'analytics'}},"
                + " 'googleConsentMode': {'ad_storage': 'sale', 'analytics_storage': 'analytics',"
                + "   'security_storage': 'necessary'}}}");

        SignalsConfig s = ConfigLoader.load(file).signals();

        assertThat(s.precedence()).startsWith("consentgate", "onetrust", "tcf");
        assertThat(s.gpcRefuses()).containsExactly("advertising", "sale");
        assertThat(s.gpcLastUpdate()).contains(LocalDate.of(2026, 11, 1));
        assertThat(s.tcf()).isTrue();
        assertThat(s.tcfCookieName()).isEqualTo("tcstring");
        assertThat(s.tcfPurposes()).containsExactly(Map.entry("analytics", Set.of(1, 8, 9, 10)),
                Map.entry("sale", Set.of(1, 2, 3, 4, 7)));
        assertThat(s.tcfSpecialFeatures()).containsExactly(Map.entry("sale", Set.of(1)));
        assertThat(s.manager(ConsentManager.COOKIEBOT)).isEqualTo(new SignalsConfig.ManagerSettings(true,
                "CookieConsentEU", Map.of("statistics", "analytics")));
        assertThat(s.manager(ConsentManager.ONETRUST).mapping()).containsExactly(Map.entry("C0002", "analytics"),
                Map.entry("C0004", "sale"));
        assertThat(s.manager(ConsentManager.COOKIECONSENT).enabled()).isTrue();
        assertThat(s.manager(ConsentManager.KLARO).enabled()).isTrue();
        assertThat(s.manager(ConsentManager.TARTEAUCITRON)).isEqualTo(new SignalsConfig.ManagerSettings(false,
                "tac", Map.of("gtag", "analytics")));
        assertThat(s.googleConsentMode()).containsExactly(Map.entry("ad_storage", "sale"),
                Map.entry("analytics_storage", "analytics"), Map.entry("security_storage", "necessary"));
    }

    @Test
    void load_noSignalsObject_usesDefaults() throws IOException {
        SignalsConfig s = ConfigLoader.load(write("{}")).signals();

        assertThat(s.precedence()).isEqualTo(SignalsConfig.defaults().precedence());
        assertThat(s.gpc()).isTrue();
        assertThat(s.tcf()).isFalse();
    }

    @Test
    void builder_signalCategoryThePolicyLacks_fails() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> ConsentGateConfig.builder()
                .signals(SignalsConfig.builder().gpcRefuses(List.of("sale")).build()).build()))
                .hasMessage("signals name category 'sale', which the policy does not define");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown key          | {'signals': {'usercentrics': {}}}                            | $.signals.usercentrics"
            + "    | unknown key 'usercentrics', expected one of [precedence, gpc, tcf, googleConsentMode, cookiebot,"
            + " onetrust, cookieconsent, klaro, tarteaucitron]",
        "unknown gpc key      | {'signals': {'gpc': {'enable': true}}}                       | $.signals.gpc.enable"
            + "     | unknown key 'enable', expected one of [enabled, refuses, lastUpdate]",
        "unknown tcf key      | {'signals': {'tcf': {'purpose': {}}}}                        | $.signals.tcf.purpose"
            + "    | unknown key 'purpose', expected one of [enabled, cookieName, purposes, specialFeatures]",
        "unknown manager key  | {'signals': {'klaro': {'services': {}}}}                     | $.signals.klaro.services"
            + " | unknown key 'services', expected one of [enabled, cookieName, mapping]",
        "bad precedence       | {'signals': {'precedence': ['consentgate', 'didomi']}}       | $.signals.precedence"
            + "     | precedence entry 'didomi' is not a source, expected one of [consentgate, tcf, cookiebot,"
            + " onetrust, cookieconsent, klaro, tarteaucitron]",
        "precedence type      | {'signals': {'precedence': 'consentgate'}}                   | $.signals.precedence"
            + "     | expected an array, got a string",
        "gpc enabled type     | {'signals': {'gpc': {'enabled': 'yes'}}}                     | $.signals.gpc.enabled"
            + "    | expected a boolean, got a string",
        "gpc unknown category | {'signals': {'gpc': {'refuses': ['marketing']}}}             | $.signals.gpc.refuses[0]"
            + " | category 'marketing' is not defined by the policy",
        "gpc necessary        | {'signals': {'gpc': {'refuses': ['necessary']}}}             | $.signals.gpc.refuses"
            + "    | gpcRefuses cannot name necessary, which is always granted",
        "bad date             | {'signals': {'gpc': {'lastUpdate': '1 Nov 2026'}}}           | $.signals.gpc.lastUpdate"
            + " | expected a date such as 2026-01-31, got '1 Nov 2026'",
        "purpose 1 missing    | {'signals': {'tcf': {'purposes': {'analytics': [8, 9]}}}}    | $.signals.tcf.purposes"
            + "   | tcfPurposes for 'analytics' must include purpose 1 (store and/or access information on a device),"
            + " got [8, 9]",
        "purpose type         | {'signals': {'tcf': {'purposes': {'analytics': [1, '8']}}}}  |"
            + " $.signals.tcf.purposes.analytics[1] | expected an integer, got a string",
        "purpose category     | {'signals': {'tcf': {'purposes': {'stats': [1]}}}}           |"
            + " $.signals.tcf.purposes.stats | category 'stats' is not defined by the policy",
        "tcf cookie name      | {'signals': {'tcf': {'cookieName': 'a;b'}}}                  | $.signals.tcf.cookieName"
            + " | tcfCookieName must be an RFC 6265 token of 1 to 64 characters, got 'a;b'",
        "mapping category     | {'signals': {'onetrust': {'mapping': {'C0002': 'stats'}}}}   |"
            + " $.signals.onetrust.mapping.C0002 | category 'stats' is not defined by the policy",
        "mapping value type   | {'signals': {'onetrust': {'mapping': {'C0002': 2}}}}         |"
            + " $.signals.onetrust.mapping.C0002 | expected a string, got a number",
        "klaro unmapped       | {'signals': {'klaro': {'enabled': true}}}                    | $.signals"
            + "                | klaro stores consent per service: map its services to categories before enabling it",
        "not in precedence    | {'signals': {'precedence': ['consentgate'], 'tcf': {'enabled': true}}} | $.signals"
            + "     | tcf is enabled but precedence does not name it",
        "consent mode type    | {'signals': {'googleConsentMode': {'ads': 'advertising'}}}   |"
            + " $.signals.googleConsentMode | googleConsentMode type must be one of [ad_storage, ad_user_data,"
            + " ad_personalization, analytics_storage, functionality_storage, personalization_storage, security_storage], got 'ads'",
    })
    void load_invalidSignals_failsNamingPathAndProblem(String name, String json, String path, String problem)
            throws IOException {
        Path file = write(json);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e).as(name).isNotNull();
        assertThat(e.jsonPath()).isEqualTo(Optional.of(path));
        assertThat(e.getMessage()).isEqualTo(file + ": " + path + ": " + problem);
    }

    private Path write(String json) throws IOException {
        Path file = dir.resolve("consentgate.json");
        Files.writeString(file, json.replace('\'', '"'));
        return file;
    }
}
