package dev.consentgate.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenCookieDatabaseTest {

    private static final String HEADER = "ID,Platform,Category,Cookie / Data Key name,Domain,Description,"
            + "Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match\n";

    @TempDir
    Path dir;

    @Test
    void read_sharedDatabase_importsEveryRowWithDefaultMapping() {
        CookieCatalog catalog = OpenCookieDatabase.read(SharedData.openCookieDatabase());
        // 2,264 rows; the same name and kind listed twice collapses into one entry.
        assertThat(catalog.entries()).hasSizeBetween(2_200, 2_264);
        assertThat(catalog.entries()).allSatisfy(e -> assertThat(e.category())
                .isIn("necessary", "preferences", "analytics", "advertising"));
        assertThat(catalog.entries().stream().filter(CatalogEntry::prefix).count()).isBetween(200L, 260L);
        assertThat(catalog.find("_ga").map(CatalogEntry::category)).contains("analytics");
        assertThat(catalog.find("_fbp").map(CatalogEntry::category)).contains("advertising");
    }

    @Test
    void read_sharedDatabase_exactNameBeatsPrefixOfAnotherCategory() {
        CookieCatalog catalog = OpenCookieDatabase.read(SharedData.openCookieDatabase());
        int collisions = 0;
        for (CatalogEntry prefix : catalog.entries()) {
            if (!prefix.prefix()) {
                continue;
            }
            for (CatalogEntry exact : catalog.entries()) {
                if (!exact.prefix() && exact.name().startsWith(prefix.name())
                        && !exact.category().equals(prefix.category())) {
                    collisions++;
                    assertThat(catalog.find(exact.name())).contains(exact);
                }
            }
        }
        assertThat(collisions).isPositive();
    }

    @Test
    void read_nameInTwoCategories_takesTheStricter() throws IOException {
        Path file = write(HEADER + "1,A,Functional,dup,,d,1 year,c,u,0\n2,B,Marketing,dup,,d,1 year,c,u,0\n"
                + "3,C,Analytics,dup2,,d,1 year,c,u,0\n4,D,Security,dup2,,d,1 year,c,u,0\n");
        CookieCatalog catalog = OpenCookieDatabase.read(file);
        assertThat(catalog.find("dup").map(CatalogEntry::category)).contains("advertising");
        assertThat(catalog.find("dup2").map(CatalogEntry::category)).contains("analytics");
    }

    @Test
    void read_quotedFieldsAndWildcard_parsed() throws IOException {
        Path file = write(HEADER + "1,\"Ven, dor\",Analytics,pre_,,\"says \"\"hi\"\",\nover lines\",2 years,c,u,1\r\n"
                + "2,V,Personalization,exact,,d,session,c,u,0\n");
        CookieCatalog catalog = OpenCookieDatabase.read(file);
        assertThat(catalog.find("pre_abc")).contains(new CatalogEntry("pre_", true, "analytics", "Ven, dor",
                "2 years"));
        assertThat(catalog.find("exact").map(CatalogEntry::category)).contains("preferences");
    }

    @Test
    void read_customMapping_replacesDefaultForThatCategory() throws IOException {
        Path file = write(HEADER + "1,V,Functional,f,,d,1 year,c,u,0\n");
        Map<String, String> mapping = new HashMap<>(OpenCookieDatabase.DEFAULT_CATEGORIES);
        mapping.put("Functional", "necessary");
        assertThat(OpenCookieDatabase.read(file, mapping).find("f").map(CatalogEntry::category))
                .contains("necessary");
    }

    @Test
    void read_missingFile_failsNamingIt() {
        Path file = dir.resolve("nope.csv");
        assertThatThrownBy(() -> OpenCookieDatabase.read(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(file + ": no such file");
    }

    @Test
    void read_wrongColumnCount_failsNamingFileAndLine() throws IOException {
        Path file = write(HEADER + "1,V,Functional,f,,d,1 year,c,u,0\n2,V,Functional,g\n");
        assertThatThrownBy(() -> OpenCookieDatabase.read(file))
                .hasMessage(file + ": line 3: expected 10 columns, got 4");
    }

    @Test
    void read_unknownCategory_failsNamingFileAndLine() throws IOException {
        Path file = write(HEADER + "1,V,Mystery,f,,d,1 year,c,u,0\n");
        assertThatThrownBy(() -> OpenCookieDatabase.read(file)).hasMessage(file + ": line 2: category 'Mystery' has"
                + " no mapping, expected one of [Analytics, Functional, Marketing, Necessary, Personalization,"
                + " Security]");
    }

    @Test
    void read_badWildcardOrEmptyName_failsNamingFileAndLine() throws IOException {
        Path wildcard = write(HEADER + "1,V,Analytics,f,,d,1 year,c,u,yes\n");
        assertThatThrownBy(() -> OpenCookieDatabase.read(wildcard))
                .hasMessage(wildcard + ": line 2: 'Wildcard match' must be 0 or 1, got 'yes'");
        Path empty = write(HEADER + "1,V,Analytics,,,d,1 year,c,u,0\n");
        assertThatThrownBy(() -> OpenCookieDatabase.read(empty))
                .hasMessage(empty + ": line 2: cookie name must have 1 to 256 characters, got 0");
    }

    @Test
    void read_notTheDatabase_failsOnHeader() throws IOException {
        Path file = write("a,b,c\n1,2,3\n");
        assertThatThrownBy(() -> OpenCookieDatabase.read(file)).hasMessage(file
                + ": line 1: missing column 'Cookie / Data Key name'; is this the Open Cookie Database CSV?");
    }

    @Test
    void read_unclosedQuote_failsNamingLine() throws IOException {
        Path file = write(HEADER + "1,V,Analytics,f,,\"open,1 year,c,u,0\n");
        assertThatThrownBy(() -> OpenCookieDatabase.read(file)).hasMessage(file
                + ": line 2: quoted field not closed");
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("ocd.csv"), content);
    }
}
