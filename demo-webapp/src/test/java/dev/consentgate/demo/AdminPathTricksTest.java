package dev.consentgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit pages refuse every request without the login, however its path or method is spelled: doubled slashes,
 * path parameters ({@code ;jsessionid}), percent-encoded letters, dots and slashes, dot segments, case, trailing
 * bytes. Sent byte for byte over a socket, so that no client library normalises them first.
 */
class AdminPathTricksTest {

    private static final Map<String, String> ADMIN = Map.of("CONSENTGATE_ADMIN_USER", "auditor",
            "CONSENTGATE_ADMIN_PASSWORD", "correct horse battery staple");
    private static final String LOGIN = "Authorization: Basic " + Base64.getEncoder().encodeToString(
            "auditor:correct horse battery staple".getBytes(StandardCharsets.UTF_8));
    private static final String WRONG_LOGIN = "Authorization: Basic " + Base64.getEncoder().encodeToString(
            "auditor:guess".getBytes(StandardCharsets.UTF_8));

    /** What only the audit pages show: their headings and the unclassified report's JSON. */
    private static final List<String> ADMIN_CONTENT = List.of("chain-status", "Consent log", "\"cookies\"",
            "Unclassified");

    @TempDir
    static Path protectedData;
    @TempDir
    static Path openData;

    private static DemoServer withLogin;
    private static DemoServer withoutLogin;

    @BeforeAll
    static void start() throws Exception {
        withLogin = DemoServer.start(new DemoOptions(0, protectedData, Optional.empty(), true), ADMIN);
        withoutLogin = DemoServer.start(new DemoOptions(0, openData, Optional.empty(), true), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        withLogin.close();
        withoutLogin.close();
    }

    static List<String> tricks(String page) {
        String rest = page.substring("/admin/".length()); // "consents" or "unclassified"
        String first = rest.substring(0, 1);
        String hex = String.format("%%%02x", (int) first.charAt(0));
        List<String> targets = new ArrayList<>(List.of(
                page,
                "/" + page,
                "//" + page.substring(1),
                "/admin//" + rest,
                "/admin/" + rest + "/",
                "/admin/" + rest + "//",
                "/admin/" + rest + ";jsessionid=0123456789ABCDEF",
                "/admin;jsessionid=0123456789ABCDEF/" + rest,
                "/admin/" + rest + ";",
                "/admin/" + rest + "/;x=y",
                "/%61dmin/" + rest,
                "/admin/" + hex + rest.substring(1),
                "/admin%2f" + rest,
                "/admin%2F" + rest,
                "/admin/%2e/" + rest,
                "/admin/./" + rest,
                "/./admin/" + rest,
                "/%2e/admin/" + rest,
                "/x/../admin/" + rest,
                "/x/%2e%2e/admin/" + rest,
                "/x/%2E%2E/admin/" + rest,
                "/x/..%2fadmin/" + rest,
                "/assets/../admin/" + rest,
                "/assets/..%2fadmin/" + rest,
                "/assets/%2e%2e%2fadmin%2f" + rest,
                "/ADMIN/" + rest.toUpperCase(java.util.Locale.ROOT),
                "/Admin/" + rest,
                "/admin/" + rest + "%00",
                "/admin/" + rest + "%20",
                "/admin/" + rest + ".json",
                "/admin/" + rest + "?consentId=x",
                "/admin\\" + rest,
                "/admin%5c" + rest,
                "/admin/" + rest + "%2f",
                "/%2fadmin/" + rest,
                "http://localhost" + page));
        return targets;
    }

    @Test
    void adminPages_withoutLogin_neverAnswerWithTheirContent() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        for (String page : List.of("/admin/consents", "/admin/unclassified")) {
            for (String target : tricks(page)) {
                for (String auth : new String[] {null, WRONG_LOGIN}) {
                    RawHttp.Answer a = auth == null ? RawHttp.get(withLogin.uri(), target)
                            : RawHttp.get(withLogin.uri(), target, auth);
                    soft.assertThat(a.status()).as("%s %s", target, auth == null ? "no login" : "wrong login")
                            .isIn(400, 401, 404);
                    soft.assertThat(a.body()).as("%s body", target).doesNotContain(ADMIN_CONTENT);
                }
                RawHttp.Answer open = RawHttp.get(withoutLogin.uri(), target, LOGIN);
                soft.assertThat(open.status()).as("%s with no login configured", target).isIn(400, 404);
                soft.assertThat(open.body()).as("%s body with no login configured", target)
                        .doesNotContain(ADMIN_CONTENT);
            }
        }
        soft.assertAll();
    }

    @Test
    void adminPages_otherMethodsWithoutLogin_areRefusedToo() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        for (String page : List.of("/admin/consents", "/admin/unclassified")) {
            for (String method : List.of("HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "PROPFIND")) {
                String body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH") ? "" : null;
                RawHttp.Answer a = RawHttp.send(withLogin.uri(), method, page, List.of(), body);
                soft.assertThat(a.status()).as("%s %s", method, page).isIn(400, 401, 404, 405, 501);
                soft.assertThat(a.body()).as("%s %s", method, page).doesNotContain(ADMIN_CONTENT)
                        .doesNotContain("Basic ");
            }
        }
        soft.assertAll();
    }

    @Test
    void adminPages_notConfigured_are404ForEveryMethod() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        for (String method : List.of("GET", "HEAD", "OPTIONS", "TRACE", "POST")) {
            RawHttp.Answer a = RawHttp.send(withoutLogin.uri(), method, "/admin/consents", List.of(LOGIN),
                    method.equals("POST") ? "" : null);
            soft.assertThat(a.status()).as(method).isEqualTo(404);
        }
        soft.assertAll();
    }

    @Test
    void trace_isRefusedOnTheSite() throws Exception {
        RawHttp.Answer a = RawHttp.get(withLogin.uri(), "/", "Cookie: JSESSIONID=secret-session");
        RawHttp.Answer trace = RawHttp.send(withLogin.uri(), "TRACE", "/", List.of("Cookie: JSESSIONID=secret"),
                null);

        assertThat(a.status()).isEqualTo(200);
        assertThat(trace.status()).isEqualTo(405);
        assertThat(trace.body()).doesNotContain("JSESSIONID");
    }

    @Test
    void adminPages_withLogin_answerOnTheirOwnPathOnly() throws Exception {
        URI server = withLogin.uri();
        RawHttp.Answer consents = RawHttp.get(server, "/admin/consents", LOGIN);
        RawHttp.Answer unclassified = RawHttp.get(server, "/admin/unclassified", LOGIN);

        assertThat(consents.status()).isEqualTo(200);
        assertThat(consents.body()).contains("chain-status");
        assertThat(consents.header("Cache-Control")).containsExactly("no-store");
        assertThat(unclassified.status()).isEqualTo(200);
        assertThat(unclassified.header("Cache-Control")).containsExactly("no-store");
        assertThat(RawHttp.get(server, "/admin/consents", LOGIN).status()).isEqualTo(200);
        RawHttp.Answer post = RawHttp.send(server, "POST", "/admin/consents", List.of(LOGIN), "");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).containsExactly("GET, HEAD");
    }
}
