package dev.consentgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.consentgate.core.csp.CspConfig;
import dev.consentgate.core.csp.CspMode;
import dev.consentgate.core.policy.ConsentCategory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the banner and the Content-Security-Policy read from the configuration file: each category's {@code hosts}
 * and {@code translations}, and the {@code csp} object. JSON is written with backticks for double quotes, since CSP
 * keywords carry single quotes.
 */
class CspConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void load_hostsTranslationsAndCsp_setEverySetting() throws IOException {
        Path file = write("{`categories`: [{`id`: `analytics`, `title`: `Analytics`, `description`: `Visits.`,"
                + " `hosts`: [`www.googletagmanager.com`, `*.Google-Analytics.com`, `https://cdn.example.com:8443`],"
                + " `translations`: {`de`: {`title`: `Statistik`, `description`: `Besuche.`},"
                + " `fr`: {`title`: `Mesure d'audience`, `description`: `Visites.`}}}],"
                + " `csp`: {`mode`: `report-only`, `baseline`: {`default-src`: [`'self'`],"
                + " `img-src`: [`'self'`, `data:`], `upgrade-insecure-requests`: []}}}");

        ConsentGateConfig config = ConfigLoader.load(file);

        ConsentCategory analytics = config.policy().category("analytics").orElseThrow();
        assertThat(analytics.hosts()).containsExactly("www.googletagmanager.com", "*.google-analytics.com",
                "https://cdn.example.com:8443");
        assertThat(analytics.texts("de")).isEqualTo(new ConsentCategory.Texts("Statistik", "Besuche."));
        assertThat(analytics.texts("fr").title()).isEqualTo("Mesure d'audience");
        assertThat(analytics.texts("it")).isEqualTo(new ConsentCategory.Texts("Analytics", "Visits."));
        assertThat(config.csp().mode()).isEqualTo(CspMode.REPORT_ONLY);
        assertThat(config.csp().baseline()).containsExactly(Map.entry("default-src", List.of("'self'")),
                Map.entry("img-src", List.of("'self'", "data:")), Map.entry("upgrade-insecure-requests", List.of()));
    }

    @Test
    void load_noCspObject_enforcesTheDefaultBaseline() throws IOException {
        CspConfig csp = ConfigLoader.load(write("{}")).csp();

        assertThat(csp.mode()).isEqualTo(CspMode.ENFORCE);
        assertThat(csp.baseline()).containsExactly(Map.entry("script-src", List.of("'self'")),
                Map.entry("connect-src", List.of("'self'")), Map.entry("img-src", List.of("'self'", "data:")),
                Map.entry("frame-src", List.of("'self'")), Map.entry("object-src", List.of("'none'")),
                Map.entry("base-uri", List.of("'self'")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "hosts not an array   | {`categories`: [{`id`: `a`, `title`: `T`, `description`: `D`, `hosts`: `x.com`}]}"
                + " | $.categories[0].hosts | expected an array, got a string",
        "host with a path     | {`categories`: [{`id`: `a`, `title`: `T`, `description`: `D`,"
                + " `hosts`: [`ok.example`, `x.example/tag.js`]}]} | $.categories[0].hosts[1]"
                + " | host must be a host name such as www.example.com or *.example.com, optionally with http://"
                + " or https:// and a port, got 'x.example/tag.js'",
        "host injecting       | {`categories`: [{`id`: `a`, `title`: `T`, `description`: `D`,"
                + " `hosts`: [`x.example; script-src *`]}]} | $.categories[0].hosts[0]"
                + " | host must be a host name such as www.example.com or *.example.com, optionally with http://"
                + " or https:// and a port, got 'x.example; script-src *'",
        "translation language | {`categories`: [{`id`: `a`, `title`: `T`, `description`: `D`,"
                + " `translations`: {`German`: {`title`: `T`, `description`: `D`}}}]}"
                + " | $.categories[0].translations.German"
                + " | translation language must be a lower-case ISO 639 code such as de, got 'German'",
        "translation key      | {`categories`: [{`id`: `a`, `title`: `T`, `description`: `D`,"
                + " `translations`: {`de`: {`title`: `T`, `text`: `D`}}}]} | $.categories[0].translations.de.text"
                + " | unknown key 'text', expected one of [title, description]",
        "translation no title | {`categories`: [{`id`: `a`, `title`: `T`, `description`: `D`,"
                + " `translations`: {`fr`: {`description`: `D`}}}]} | $.categories[0].translations.fr"
                + " | missing required key 'title'",
        "unknown csp key      | {`csp`: {`mode`: `enforce`, `reportUri`: `/r`}} | $.csp.reportUri"
                + " | unknown key 'reportUri', expected one of [mode, baseline]",
        "csp mode             | {`csp`: {`mode`: `on`}} | $.csp.mode"
                + " | expected one of [enforce, report-only, off], got 'on'",
        "unknown directive    | {`csp`: {`baseline`: {`scripts-src`: [`'self'`]}}} | $.csp.baseline['scripts-src']"
                + " | unknown csp directive 'scripts-src', expected one of [base-uri, block-all-mixed-content,"
                + " child-src, connect-src, default-src, font-src, form-action, frame-ancestors, frame-src,"
                + " img-src, manifest-src, media-src, object-src, report-to, report-uri, require-trusted-types-for,"
                + " sandbox, script-src, script-src-attr, script-src-elem, style-src, style-src-attr,"
                + " style-src-elem, trusted-types, upgrade-insecure-requests, worker-src]",
        "source with space    | {`csp`: {`baseline`: {`img-src`: [`'self' https:`]}}} | $.csp.baseline['img-src']"
                + " | csp source of img-src must be one non-empty token without spaces, ';', ',' or control"
                + " characters, got ''self' https:'",
        "source not a string  | {`csp`: {`baseline`: {`img-src`: [`'self'`, 1]}}} | $.csp.baseline['img-src'][1]"
                + " | expected a string, got a number",
        "baseline an array    | {`csp`: {`baseline`: [`default-src 'self'`]}} | $.csp.baseline"
                + " | expected an object, got an array",
    })
    void load_invalidBannerOrCspKeys_failNamingPathAndProblem(String name, String json, String path, String problem)
            throws IOException {
        Path file = write(json);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e).as(name).isNotNull();
        assertThat(e).hasMessage(file + ": " + path + ": " + problem);
        assertThat(e.jsonPath()).isEqualTo(Optional.of(path));
    }

    @Test
    void toBuilder_keepsCsp() {
        CspConfig csp = CspConfig.builder().mode(CspMode.OFF).build();

        assertThat(ConsentGateConfig.builder().csp(csp).build().toBuilder().build().csp()).isSameAs(csp);
    }

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("consentgate.json"), json.replace('`', '"'));
    }
}
