package dev.consentgate.servlet;

import static dev.consentgate.servlet.TestSite.consentCookie;
import static dev.consentgate.servlet.TestSite.expired;
import static dev.consentgate.servlet.TestSite.setCookieNames;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.servlet.TestSite.Container;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Where Jetty and Tomcat parse and validate cookies differently, the filter must behave the same on both. */
@ParameterizedClass(name = "on {0}")
@EnumSource(Container.class)
class ContainerCookiesTest {

    private static TestSite site;

    @Parameter // without an injection point JUnit hands the lifecycle methods no argument
    private Container container;

    @BeforeParameterizedClassInvocation
    static void start(Container container) throws Exception {
        site = TestSite.start(container);
    }

    @AfterParameterizedClassInvocation
    static void stop() throws Exception {
        site.close();
    }

    @Test
    void echo_quotedRefusedCookies_areHiddenAndExpired() throws Exception {
        HttpResponse<String> r = site.get("/app/echo", "Cookie", "_ga=\"GA1.2.3\"; lang=\"en\"; JSESSIONID=abc");

        assertThat(r.body()).contains("cookies=JSESSIONID\n", "header=JSESSIONID=abc\n");
        assertThat(expired(r)).extracting(h -> h.substring(0, h.indexOf('=')))
                .containsExactlyInAnyOrder("_ga", "lang");
    }

    @Test
    void echo_quotedGrantedCookie_appSeesIt() throws Exception {
        String consent = consentCookie(site.post("/consent", "application/json", "{\"granted\":[\"analytics\"]}"));

        HttpResponse<String> r = site.get("/app/echo", "Cookie", "_ga=\"GA1.2.3\"; _fbp=\"fb\"; " + consent);

        assertThat(r.body()).contains("cookies=_ga,consentgate\n", "header=_ga=\"GA1.2.3\"; " + consent + "\n");
    }

    @Test
    void setStrict_beforeConsent_dropsCookiesTheContainerWouldReject() throws Exception {
        HttpResponse<String> r = site.get("/app/set-strict");

        assertThat(r.statusCode()).as("on %s", container).isEqualTo(200);
        assertThat(setCookieNames(r)).isEmpty();
    }

    @Test
    void setStrict_acceptAll_containerRejectsInvalidValueAndKeepsQuotedHeader() throws Exception {
        String consent = consentCookie(site.post("/consent", "application/json", "{\"action\":\"accept-all\"}"));

        HttpResponse<String> r = site.get("/app/set-strict", "Cookie", consent);

        // Granted, the cookie reaches the container, whose own validation fails the request (Jetty in addCookie,
        // Tomcat in its RFC 6265 processor): the filter neither hides nor repairs an app's invalid cookie.
        assertThat(r.statusCode()).as("on %s", container).isEqualTo(500);
        assertThat(r.headers().allValues("set-cookie")).contains("_fbp=\"fb.1.2\"; Path=/");
    }
}
