package dev.consentgate.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferrersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", delimiter = '|', value = {
        "https://www.google.com/search?q=my+illness          | https://www.google.com",
        "https://WWW.Example.COM                             | https://www.example.com",
        "HTTP://example.com:80/a                             | http://example.com",
        "https://example.com:443/                            | https://example.com",
        "https://example.com:8443/reset?token=abc            | https://example.com:8443",
        "http://user:secret@example.com/                     | http://example.com",
        "https://example.com#frag                            | https://example.com",
        "https://[2001:db8::1]:8080/x                        | https://[2001:db8::1]:8080",
        "android-app://com.google.android.gm/                | none",
        "ftp://example.com/                                  | none",
        "/relative/path                                      | none",
        "https://                                            | none",
        "https://exa mple.com/                               | none",
        "https://example.com:0/                              | none",
        "https://example.com:99999/                          | none",
        "not a url                                           | none",
    })
    void origin_referer_keepsSchemeHostPortOnly(String referer, String expected) {
        assertThat(Referrers.minimise(referer, ReferrerMode.ORIGIN)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void origin_crLfAndFakeRecord_isOriginOrNothing() {
        assertThat(Referrers.origin("https://example.com/a b\r\n{\"ip\":\"6.6.6.6\"}")).hasValue("https://example.com");
        assertThat(Referrers.origin("https://example.com\r\n{\"ip\":\"6.6.6.6\"}")).isEmpty();
    }

    @Test
    void full_referer_isKeptCleanedAndCut() {
        assertThat(Referrers.minimise("https://example.com/?q=a\r\nb", ReferrerMode.FULL))
                .hasValue("https://example.com/?q=a??b");
        assertThat(Referrers.minimise("https://example.com/" + "a".repeat(2_000), ReferrerMode.FULL)).get()
                .asString().hasSize(Referrers.MAX_FULL + LogSafe.CUT.length()).endsWith("a...");
        assertThat(Referrers.minimise("  ", ReferrerMode.FULL)).isEmpty();
    }

    @Test
    void none_referer_isEmpty() {
        assertThat(Referrers.minimise("https://example.com/", ReferrerMode.NONE)).isEmpty();
    }
}
