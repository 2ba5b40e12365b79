package dev.consentgate.servlet;

import static dev.consentgate.servlet.TestSite.consentCookie;
import static dev.consentgate.servlet.TestSite.expired;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgate.core.consent.ConsentAction;
import dev.consentgate.core.consent.ConsentDecision;
import dev.consentgate.servlet.TestSite.Container;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The consent endpoint on each container, over real HTTP. */
@ParameterizedClass(name = "on {0}")
@EnumSource(Container.class)
class ConsentEndpointTest {

    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<ConsentDecision> recorded = new CopyOnWriteArrayList<>();
    private static TestSite site;

    @Parameter
    private Container container;

    @BeforeParameterizedClassInvocation
    static void start(Container container) throws Exception {
        site = TestSite.start(container, b -> b.recorder(recorded::add).listener(d -> {
            throw new IllegalStateException("listener failure must not matter");
        }));
    }

    @AfterParameterizedClassInvocation
    static void stop() throws Exception {
        site.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return MAPPER.readTree(r.body());
    }

    @Test
    void get_undecided_answersNecessaryOnlyWithNulls() throws Exception {
        HttpResponse<String> r = site.get("/consent");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        assertThat(r.body()).isEqualTo("{\"consentId\":null,\"decided\":false,\"granted\":[\"necessary\"],"
                + "\"policyRevision\":3,\"decidedAt\":null,\"expiresAt\":null,\"source\":\"default\","
                + "\"gpc\":false,\"googleConsentMode\":{\"ad_storage\":\"denied\",\"ad_user_data\":\"denied\","
                + "\"ad_personalization\":\"denied\",\"analytics_storage\":\"denied\"}}");
    }

    @Test
    void postJson_grantsAnalytics_setsSignedCookieAndAnswersState() throws Exception {
        HttpResponse<String> r = site.post("/consent", JSON, "{\"granted\":[\"analytics\"]}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("decided").asBoolean()).isTrue();
        assertThat(body.get("granted").toString()).isEqualTo("[\"necessary\",\"analytics\"]");
        assertThat(body.get("policyRevision").asInt()).isEqualTo(3);
        assertThat(body.get("source").asText()).isEqualTo("choice");
        Instant decided = Instant.parse(body.get("decidedAt").asText());
        Instant expires = Instant.parse(body.get("expiresAt").asText());
        assertThat(Duration.between(decided, expires)).isEqualTo(Duration.ofDays(365));
        String header = r.headers().allValues("set-cookie").stream().filter(h -> h.startsWith("consentgate="))
                .findFirst().orElseThrow();
        assertThat(header).contains("; Path=/", "; SameSite=Lax", "; HttpOnly").doesNotContain("Secure")
                // 365 days from the decision, counted when the cookie is written: a second may tick in between
                .containsPattern("; Max-Age=3153(6000|5999)(;|$)");
        assertThat(consentCookie(r).length()).isLessThanOrEqualTo("consentgate=".length() + 200);
        assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");

        HttpResponse<String> again = site.get("/consent", "Cookie", consentCookie(r));
        assertThat(json(again).get("consentId")).isEqualTo(body.get("consentId"));
        assertThat(json(again).get("source").asText()).isEqualTo("cookie");
        assertThat(json(again).get("granted").toString()).isEqualTo("[\"necessary\",\"analytics\"]");
    }

    @Test
    void postJson_rejectAll_getsRefusalLifetime() throws Exception {
        HttpResponse<String> r = site.post("/consent", JSON, "{\"action\":\"reject-all\"}");

        JsonNode body = json(r);
        assertThat(body.get("granted").toString()).isEqualTo("[\"necessary\"]");
        assertThat(Duration.between(Instant.parse(body.get("decidedAt").asText()),
                Instant.parse(body.get("expiresAt").asText()))).isEqualTo(Duration.ofDays(182));
    }

    @Test
    void post_changeOfMind_keepsConsentIdAndExpiresRefusedCookies() throws Exception {
        HttpResponse<String> first = site.post("/consent", JSON, "{\"action\":\"accept-all\"}");
        String id = json(first).get("consentId").asText();

        HttpResponse<String> second = site.post("/consent", JSON, "{\"granted\":[\"preferences\"]}", "Cookie",
                consentCookie(first) + "; _ga=1; lang=en; _fbp=x");

        assertThat(json(second).get("consentId").asText()).isEqualTo(id);
        assertThat(expired(second)).extracting(h -> h.substring(0, h.indexOf('=')))
                .containsExactlyInAnyOrder("_ga", "_fbp");
        ConsentDecision last = recorded.stream().filter(d -> d.state().consentId().orElseThrow().toString()
                .equals(id)).reduce((a, b) -> b).orElseThrow();
        assertThat(last.action()).isEqualTo(ConsentAction.CUSTOM);
        assertThat(last.previous()).isPresent();
    }

    @Test
    void delete_withAnalyticsCookie_withdrawsAndExpiresGa() throws Exception {
        HttpResponse<String> granted = site.post("/consent", JSON, "{\"granted\":[\"analytics\"]}");
        String id = json(granted).get("consentId").asText();

        HttpResponse<String> r = site.delete("/consent", "Cookie", consentCookie(granted) + "; _ga=GA1.2.3");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("consentId").asText()).isEqualTo(id);
        assertThat(json(r).get("granted").toString()).isEqualTo("[\"necessary\"]");
        assertThat(expired(r)).anySatisfy(h -> assertThat(h).startsWith("_ga=; Max-Age=0"));
        HttpResponse<String> after = site.get("/app/set-all", "Cookie", consentCookie(r));
        assertThat(TestSite.setCookieNames(after)).containsExactly("JSESSIONID");
        assertThat(recorded).anySatisfy(d -> assertThat(d.action()).isEqualTo(ConsentAction.WITHDRAW));
    }

    @Test
    void postForm_acceptAll_redirectsToSameOriginReturn() throws Exception {
        HttpResponse<String> r = site.post("/consent", FORM, "action=accept-all&return=%2Fprivacy%3Fx%3D1");

        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("location")).hasValue("/privacy?x=1");
        assertThat(consentCookie(r)).startsWith("consentgate=");
    }

    @Test
    void postForm_repeatedGranted_grantsEach() throws Exception {
        HttpResponse<String> r = site.post("/consent", FORM, "granted=analytics&granted=preferences");

        HttpResponse<String> state = site.get("/consent", "Cookie", consentCookie(r));
        assertThat(json(state).get("granted").toString())
                .isEqualTo("[\"necessary\",\"analytics\",\"preferences\"]");
    }

    static Stream<Arguments> offSiteReturns() {
        return Stream.of(Arguments.of("https%3A%2F%2Fevil.example%2F"), Arguments.of("%2F%2Fevil.example"),
                Arguments.of("%2F%5Cevil.example"), Arguments.of("javascript%3Aalert(1)"), Arguments.of(""),
                Arguments.of("%2F%0D%0ASet-Cookie%3Ax"));
    }

    @ParameterizedTest
    @MethodSource("offSiteReturns")
    void postForm_offSiteReturn_redirectsToRoot(String encodedReturn) throws Exception {
        HttpResponse<String> r = site.post("/consent", FORM, "action=reject-all&return=" + encodedReturn);

        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("location")).hasValue("/");
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of(JSON, "{\"granted\":[\"analytics\",\"spying\"]}", 400, "unknown category 'spying'",
                        "$.granted[1]"),
                Arguments.of(JSON, "{\"granted\":\"analytics\"}", 400, "expected an array of category ids",
                        "$.granted"),
                Arguments.of(JSON, "{\"granted\":[1]}", 400, "expected a category id string", "$.granted[0]"),
                Arguments.of(JSON, "{\"grant\":[]}", 400, "unknown key 'grant', expected one of [action, granted]",
                        "$.grant"),
                Arguments.of(JSON, "[]", 400, "expected a json object", "$"),
                Arguments.of(JSON, "{\"action\":\"accept-some\"}", 400,
                        "unknown action 'accept-some', expected one of [accept-all, reject-all, custom]", "$.action"),
                Arguments.of(JSON, "{\"action\":\"accept-all\",\"granted\":[\"analytics\"]}", 400,
                        "granted must not be given with action 'accept-all'", "$.granted"),
                Arguments.of(FORM, "granted=nope", 400, "unknown category 'nope'", "granted"),
                Arguments.of(FORM, "granted=%ZZ", 400, "malformed form body", null),
                Arguments.of("text/plain", "analytics", 415,
                        "content type must be application/json or application/x-www-form-urlencoded", null),
                Arguments.of(JSON, "{\"granted\":[\"" + "a".repeat(9_000) + "\"]}", 400,
                        "request body is larger than 8192 bytes", null));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void post_badBody_answersErrorNamingFieldAndSetsNoCookie(String type, String body, int status, String error,
            String field) throws Exception {
        HttpResponse<String> r = site.post("/consent", type, body);

        assertThat(r.statusCode()).isEqualTo(status);
        JsonNode answer = json(r);
        assertThat(answer.get("error").asText()).isEqualTo(error);
        assertThat(answer.get("field").isNull() ? null : answer.get("field").asText()).isEqualTo(field);
        assertThat(r.headers().allValues("set-cookie")).isEmpty();
    }

    @Test
    void post_bodyPastTheLimit_theClientAlwaysGetsThe400() throws Exception {
        // The endpoint refuses before reading the body; the rest is read and thrown away (up to 256 KiB) so that
        // closing on a client still sending cannot reset the connection under its answer.
        for (int size : new int[] {24 * 1024, 100 * 1024, 250 * 1024}) {
            String body = "{\"granted\":[\"" + "a".repeat(size) + "\"]}";
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = site.post("/consent", JSON, body);

                assertThat(r.statusCode()).as("%d bytes, try %d", size, i).isEqualTo(400);
                assertThat(json(r).get("error").asText()).isEqualTo("request body is larger than 8192 bytes");
                assertThat(r.headers().allValues("set-cookie")).isEmpty();
            }
        }
    }

    @Test
    void post_malformedJson_answers400WithoutStackTrace() throws Exception {
        HttpResponse<String> r = site.post("/consent", JSON, "{\"granted\":[");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).startsWith("malformed json");
        assertThat(r.body()).doesNotContain("Exception", "at com.");
    }

    /** Found by {@code ChoiceParserProperties}: past Jackson's depth limit the error has no location (was a 500). */
    @Test
    void post_jsonNestedPastTheDepthLimit_answers400WithoutStackTrace() throws Exception {
        HttpResponse<String> r = site.post("/consent", JSON, "[".repeat(2_000) + "]".repeat(2_000));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo("malformed json");
        assertThat(r.headers().allValues("set-cookie")).isEmpty();
    }

    static Stream<Arguments> crossSiteHeaders() {
        return Stream.of(Arguments.of((Object) new String[] {"Origin", "https://evil.example"}),
                Arguments.of((Object) new String[] {"Sec-Fetch-Site", "cross-site"}),
                Arguments.of((Object) new String[] {"Sec-Fetch-Site", "same-site"}),
                Arguments.of((Object) new String[] {"Origin", "null"}));
    }

    @ParameterizedTest
    @MethodSource("crossSiteHeaders")
    void post_crossSite_is403AndChangesNothing(String[] headers) throws Exception {
        HttpResponse<String> before = site.post("/consent", JSON, "{\"action\":\"reject-all\"}");
        String cookie = consentCookie(before);
        int records = recorded.size();
        String[] all = Stream.concat(Stream.of(headers), Stream.of("Cookie", cookie)).toArray(String[]::new);

        HttpResponse<String> r = site.post("/consent", JSON, "{\"action\":\"accept-all\"}", all);
        HttpResponse<String> d = site.delete("/consent", all);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(d.statusCode()).isEqualTo(403);
        assertThat(json(r).get("error").asText()).isEqualTo("cross-site consent requests are not allowed");
        // its body unread, the connection cannot be reused for the next request
        assertThat(r.headers().firstValue("connection")).hasValue("close");
        assertThat(r.headers().allValues("set-cookie")).isEmpty();
        assertThat(d.headers().allValues("set-cookie")).isEmpty();
        assertThat(recorded).hasSize(records);
        assertThat(json(site.get("/consent", "Cookie", cookie)).get("granted").toString())
                .isEqualTo("[\"necessary\"]");
    }

    @Test
    void post_sameOrigin_isAllowed() throws Exception {
        HttpResponse<String> r = site.post("/consent", JSON, "{\"action\":\"accept-all\"}", "Origin",
                site.base.toString(), "Sec-Fetch-Site", "same-origin");

        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void post_configuredOrigin_isAllowed() throws Exception {
        try (TestSite local = new TestSite(container, ConsentFilter.builder().config(TestSite.config()
                .allowedOrigins(List.of("https://www.example.com")).build()).build())) {
            HttpResponse<String> r = local.post("/consent", JSON, "{\"action\":\"accept-all\"}", "Origin",
                    "https://www.example.com");

            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void post_recorderFails_answers503AndSetsNoCookie() throws Exception {
        try (TestSite local = TestSite.start(container, b -> b.recorder(d -> {
            throw new IOException("disk full");
        }))) {
            HttpResponse<String> r = local.post("/consent", JSON, "{\"action\":\"accept-all\"}");

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(json(r).get("error").asText()).isEqualTo("consent could not be recorded; nothing was changed");
            assertThat(r.headers().allValues("set-cookie")).isEmpty();
        }
    }

    @Test
    void put_isMethodNotAllowed() throws Exception {
        HttpResponse<String> r = site.http.send(java.net.http.HttpRequest.newBuilder(site.base.resolve("/consent"))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).hasValue("GET, HEAD, POST, DELETE");
    }

    @Test
    void post_recordsDecisionWithPageWithoutQueryAndLanguage() throws Exception {
        HttpResponse<String> r = site.post("/consent", JSON, "{\"granted\":[\"analytics\"]}", "Referer",
                site.base + "/pricing?token=secret#x", "Accept-Language", "it, de-DE;q=0.9, en;q=0.5");
        String id = json(r).get("consentId").asText();

        ConsentDecision d = recorded.stream().filter(x -> x.state().consentId().orElseThrow().toString().equals(id))
                .findFirst().orElseThrow();
        assertThat(d.pageUrl()).hasValue(site.base + "/pricing");
        // the language of the banner texts shown: Italian has none, German weighs more than English
        assertThat(d.language()).hasValue("de");
        assertThat(d.action()).isEqualTo(ConsentAction.CUSTOM);
        // no IP or browser in consent records unless the configuration asks for them
        assertThat(d.ip()).isEmpty();
        assertThat(d.browser()).isEmpty();
    }

    @Test
    void post_configuredIpAndBrowser_areRecordedMinimised() throws Exception {
        List<ConsentDecision> mine = new CopyOnWriteArrayList<>();
        try (TestSite local = new TestSite(ConsentFilter.builder().recorder(mine::add).config(TestSite.config()
                .consentLogPersonal(java.util.Set.of("ip", "browser")).build()).build())) {
            HttpResponse<String> r = local.post("/consent", JSON, "{\"action\":\"reject-all\"}", "User-Agent",
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                            + " Chrome/124.0.0.0 Safari/537.36");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(mine).singleElement().satisfies(d -> {
                assertThat(d.ip()).hasValue("127.0.0.0"); // IPv4 truncated to /24
                assertThat(d.browser()).hasValue("Chrome 124 / Windows");
            });
        }
    }
}
