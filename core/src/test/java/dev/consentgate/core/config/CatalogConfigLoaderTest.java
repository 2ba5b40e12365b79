package dev.consentgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consentgate.core.catalog.CatalogEntry;
import dev.consentgate.core.catalog.CookieCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogConfigLoaderTest {

    private static final String HEADER = "ID,Platform,Category,Cookie / Data Key name,Domain,Description,"
            + "Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match\n";

    @TempDir
    Path dir;

    @Test
    void load_noCatalogKeys_usesNoCatalog() throws IOException {
        assertThat(ConfigLoader.load(config("{}")).catalogs()).isEmpty();
        assertThat(ConfigLoader.load(config("{\"catalog\": false}")).catalogs()).isEmpty();
    }

    @Test
    void load_catalogTrue_usesBuiltIn() throws IOException {
        assertThat(ConfigLoader.load(config("{\"catalog\": true}")).catalogs())
                .containsExactly(CookieCatalog.builtIn());
    }

    @Test
    void load_openCookieDatabase_importedBeforeBuiltInWithMapping() throws IOException {
        Path csv = Files.writeString(dir.resolve("ocd.csv"), HEADER + "1,V,Functional,f,,d,1 year,c,u,0\n");
        ConsentGateConfig config = ConfigLoader.load(config("{\"catalog\": true, \"openCookieDatabase\": {\"file\": \""
                + csv + "\", \"categories\": {\"Functional\": \"necessary\"}}}"));
        assertThat(config.catalogs()).hasSize(2);
        assertThat(config.catalogs().get(0).find("f")).contains(new CatalogEntry("f", false, "necessary", "V",
                "1 year"));
        assertThat(config.catalogs().get(1)).isSameAs(CookieCatalog.builtIn());
    }

    @Test
    void load_badCatalogSettings_failWithPath() throws IOException {
        Path file = config("{\"catalog\": \"yes\"}");
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .hasMessage(file + ": $.catalog: expected a boolean, got a string");
        Path noFile = config("{\"openCookieDatabase\": {}}");
        assertThatThrownBy(() -> ConfigLoader.load(noFile))
                .hasMessage(noFile + ": $.openCookieDatabase: missing required key 'file'");
        Path unknown = config("{\"openCookieDatabase\": {\"file\": \"x\", \"mapping\": {}}}");
        assertThatThrownBy(() -> ConfigLoader.load(unknown)).hasMessage(unknown
                + ": $.openCookieDatabase.mapping: unknown key 'mapping', expected one of [file, categories]");
        Path badId = config("{\"openCookieDatabase\": {\"file\": \"x\", \"categories\": {\"Marketing\": \"Ads!\"}}}");
        assertThatThrownBy(() -> ConfigLoader.load(badId)).hasMessage(badId
                + ": $.openCookieDatabase.categories.Marketing: expected a category id such as analytics, got 'Ads!'");
    }

    @Test
    void load_openCookieDatabaseMissingOrMalformed_failsNamingFileAndLine() throws IOException {
        Path missing = dir.resolve("missing.csv");
        Path file = config("{\"openCookieDatabase\": {\"file\": \"" + missing + "\"}}");
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .hasMessage(file + ": $.openCookieDatabase.file: " + missing + ": no such file");
        Path bad = Files.writeString(dir.resolve("bad.csv"), HEADER + "1,V,Functional\n");
        Path file2 = config("{\"openCookieDatabase\": {\"file\": \"" + bad + "\"}}");
        assertThatThrownBy(() -> ConfigLoader.load(file2))
                .hasMessage(file2 + ": $.openCookieDatabase.file: " + bad + ": line 2: expected 10 columns, got 3");
    }

    private Path config(String json) throws IOException {
        return Files.writeString(dir.resolve("consentgate.json"), json);
    }
}
