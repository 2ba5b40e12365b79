package dev.consentgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing secret or personal reaches the diagnostic logs, even with every Consent Gate logger at TRACE: the demo
 * runs in a child JVM with the signing secret, audit key and admin password set, is sent hostile and ordinary
 * requests carrying marked IPs, cookie values, user agents, referrers and login attempts, and then its whole output
 * is searched for them — and for a log line forged through a CR/LF in a request value.
 */
class DiagnosticLogsTest {

    private static final String SECRET = Base64.getEncoder().encodeToString(
            "signing-secret-0123456789abcdefghij".getBytes(StandardCharsets.UTF_8));
    private static final String AUDIT_KEY = Base64.getEncoder().encodeToString(
            "audit-key-secret-0123456789abcdefghij".getBytes(StandardCharsets.UTF_8));
    private static final String ADMIN_PASSWORD = "admin-password-marker";
    /** Every value a visitor sends that must not be logged contains this. */
    private static final String MARK = "PersonalMarker";
    private static final String IP = "203.0.113.77";

    @TempDir
    Path data;

    @Test
    void noSecretOrPersonalValueIsLogged_evenAtTrace() throws Exception {
        Path output = data.resolve("demo-output.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.log.dev.consentgate=trace",
                "-Dorg.slf4j.simpleLogger.log.consentgate=trace",
                "-cp", System.getProperty("java.class.path"), DemoServer.class.getName(),
                "--port", "0", "--data-dir", data.resolve("site").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        env.put("CONSENTGATE_SECRET", "k1:" + SECRET);
        env.put("CONSENTGATE_AUDIT_KEY", AUDIT_KEY);
        env.put("CONSENTGATE_ADMIN_USER", "auditor");
        env.put("CONSENTGATE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        Process demo = pb.start();
        try {
            URI server = awaitStart(output, demo);
            sendHostileAndOrdinaryRequests(server);
        } finally {
            demo.destroy();
            demo.waitFor(20, TimeUnit.SECONDS);
        }
        String logged = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(logged).contains("serving on"); // it did run and log
        assertThat(logged).contains("DEBUG"); // and TRACE/DEBUG were on
        assertThat(logged).doesNotContain(SECRET, AUDIT_KEY, ADMIN_PASSWORD, MARK, IP, "203.0.113");
        assertThat(logged.lines()).noneMatch(l -> l.startsWith("INJECTED"));
    }

    private static URI awaitStart(Path output, Process demo) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!demo.isAlive()) {
                throw new AssertionError("demo exited: " + Files.readString(output));
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(output),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    int at = line.indexOf("serving on ");
                    if (at >= 0) {
                        return URI.create(line.substring(at + "serving on ".length()).split(" ")[0]);
                    }
                }
            } catch (IOException e) {
                // not written yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("demo did not start: " + Files.readString(output));
    }

    private static void sendHostileAndOrdinaryRequests(URI server) throws IOException {
        List<String> visitor = List.of("X-Forwarded-For: " + IP, "User-Agent: Mozilla/5.0 " + MARK,
                "Referer: https://referrer.example/" + MARK + "?q=" + MARK);
        List<String> answers = new ArrayList<>();
        List<List<String>> cookieHeaders = List.of(
                List.of("Cookie: consentgate=1.k1.AAAAAAAAAAAAAAAAAAAAAA.1.tp2hq7.u7uf27.analytics." + MARK),
                List.of("Cookie: consentgate=" + MARK + "; _ga=GA1.1." + MARK + "; unknown_" + MARK + "=" + MARK),
                List.of("Cookie: euconsent-v2=" + MARK + "; CookieConsent=" + MARK + "; OptanonConsent=" + MARK
                        + "; cc_cookie=" + MARK + "; klaro=" + MARK + "; tarteaucitron=" + MARK),
                List.of("Cookie: " + "x".repeat(300) + MARK + "=1"));
        for (List<String> cookies : cookieHeaders) {
            List<String> headers = new ArrayList<>(visitor);
            headers.addAll(cookies);
            answers.add(call(server, "GET", "/?utm_source=" + MARK + "&gclid=" + MARK, headers,
                    null));
            answers.add(call(server, "GET", "/consent", headers, null));
        }
        List<String> json = new ArrayList<>(visitor);
        json.addAll(List.of("Sec-Fetch-Site: same-origin", "Content-Type: application/json"));
        for (String body : List.of("{\"granted\":[\"" + MARK + "\\r\\nINJECTED line\"]}",
                "{\"action\":\"" + MARK + "\\nINJECTED line\"}", "{\"" + MARK + "\":1}", MARK + "\r\nINJECTED",
                "{\"action\":\"accept-all\"}", "{\"granted\":[\"analytics\"]}")) {
            answers.add(call(server, "POST", "/consent", json, body));
        }
        List<String> form = new ArrayList<>(visitor);
        form.addAll(List.of("Sec-Fetch-Site: same-origin", "Content-Type: application/x-www-form-urlencoded"));
        answers.add(call(server, "POST", "/consent", form,
                "action=" + MARK + "%0d%0aINJECTED&return=/" + MARK));
        answers.add(call(server, "POST", "/consent", List.of("Origin: https://" + MARK + ".example",
                "Content-Type: application/json"), "{\"action\":\"accept-all\"}"));
        answers.add(call(server, "DELETE", "/consent", json, null));
        answers.add(call(server, "GET", "/admin/consents?consentId=" + MARK, List.of("Authorization: Basic "
                + Base64.getEncoder().encodeToString(("auditor:" + MARK).getBytes(StandardCharsets.UTF_8))), null));
        answers.add(call(server, "GET", "/admin/consents?consentId=" + MARK, List.of("Authorization: Basic "
                + Base64.getEncoder().encodeToString(("auditor:" + ADMIN_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))), null));
        // The ordinary ones worked, so the loggers on those paths ran too.
        assertThat(answers).contains("200 GET /", "200 POST /consent", "401 GET /admin/consents",
                "200 GET /admin/consents", "400 POST /consent", "403 POST /consent");
    }

    /** Sends it; "status METHOD path", for checking that the ordinary requests worked. */
    private static String call(URI server, String method, String target, List<String> headers, String body)
            throws IOException {
        RawHttp.Answer a = RawHttp.send(server, method, target, headers, body);
        return a.status() + " " + method + " " + target.split("\\?", 2)[0];
    }
}
