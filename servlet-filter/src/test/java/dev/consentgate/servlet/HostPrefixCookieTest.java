package dev.consentgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consentgate.core.config.ConsentGateConfig;
import dev.consentgate.core.config.SecureCookies;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A {@code __Host-} consent cookie, the defence against cookie tossing from a sibling subdomain (which could plant
 * another visitor's valid consent cookie on the parent domain): set Secure, host-only, Path=/, and read back.
 */
class HostPrefixCookieTest {

    @Test
    void hostPrefixedConsentCookie_isSecureHostOnlyAndWorks() throws Exception {
        ConsentGateConfig config = TestSite.config().cookieName("__Host-consentgate")
                .secureCookies(SecureCookies.ALWAYS).build();
        try (TestSite site = new TestSite(ConsentFilter.builder().config(config).build())) {
            HttpResponse<String> choice = site.post("/consent", "application/json",
                    "{\"granted\":[\"analytics\"]}");
            String setCookie = choice.headers().allValues("set-cookie").stream()
                    .filter(c -> c.startsWith("__Host-consentgate=")).findFirst().orElseThrow();
            String value = setCookie.substring(0, setCookie.indexOf(';'));

            HttpResponse<String> after = site.get("/consent", "Cookie", value);

            assertThat(setCookie).contains("; Path=/", "; Secure", "HttpOnly").doesNotContainIgnoringCase("domain=");
            assertThat(after.body()).contains("\"granted\":[\"necessary\",\"analytics\"]", "\"source\":\"cookie\"");
        }
    }

    @Test
    void hostPrefixedConsentCookie_withoutAlwaysSecure_isRefusedAtStartup() {
        for (SecureCookies secure : new SecureCookies[] {SecureCookies.AUTO, SecureCookies.NEVER}) {
            assertThatThrownBy(() -> TestSite.config().cookieName("__Host-consentgate").secureCookies(secure).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("__Host- prefix");
        }
    }
}
