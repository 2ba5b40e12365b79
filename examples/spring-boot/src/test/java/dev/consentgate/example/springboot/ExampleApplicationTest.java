package dev.consentgate.example.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The app on its real embedded Tomcat 10.1 and a random port, over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "consentgate.config=classpath:consentgate-test.json", // the app's configuration with a fixed test secret
        "spring.main.banner-mode=off"})
class ExampleApplicationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static List<String> setCookieNames(HttpResponse<?> r) {
        return r.headers().allValues("set-cookie").stream().map(h -> h.substring(0, h.indexOf('='))).toList();
    }

    @Test
    void home_beforeConsent_trackingCookiesAreDropped() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/")));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("analytics granted: false\n");
        assertThat(setCookieNames(r)).isEmpty();
    }

    @Test
    void home_afterAnalyticsConsent_analyticsCookieIsSetButNotPreferences() throws Exception {
        HttpResponse<String> granted = send(HttpRequest.newBuilder(uri("/consent"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"granted\":[\"analytics\"]}")));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        String consent = granted.headers().allValues("set-cookie").stream().filter(h -> h.startsWith("consentgate="))
                .map(h -> h.substring(0, h.indexOf(';'))).findFirst().orElseThrow();

        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/")).header("Cookie", consent));

        assertThat(r.body()).isEqualTo("analytics granted: true\n");
        assertThat(setCookieNames(r)).containsExactly("_ga");
    }

    @Test
    void missingPage_errorPage_answers404WithoutCookies() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/nothing-here")));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(setCookieNames(r)).isEmpty();
    }
}
