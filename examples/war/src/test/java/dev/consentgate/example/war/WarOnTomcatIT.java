package dev.consentgate.example.war;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.WebResourceRoot;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.webresources.DirResourceSet;
import org.apache.catalina.webresources.StandardRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webapp {@code package} built, deployed as it is into embedded Tomcat 11 — its {@code web.xml}, its
 * {@code WEB-INF/lib} — and asked over real HTTP.
 */
class WarOnTomcatIT {

    // Tomcat logs through java.util.logging; keep the loggers strongly reachable so the level sticks.
    private static final List<Logger> QUIET = List.of(Logger.getLogger("org.apache.catalina"),
            Logger.getLogger("org.apache.coyote"), Logger.getLogger("org.apache.tomcat"));

    private static Tomcat tomcat;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void deploy() throws Exception {
        QUIET.forEach(l -> l.setLevel(Level.WARNING));
        Path webapp = Path.of(System.getProperty("webapp.dir", "target/consentgate-example-war-0.1.0-SNAPSHOT"));
        assertThat(webapp.resolve("WEB-INF/web.xml")).as("run `mvn verify`: the test needs the built webapp")
                .exists();
        Path baseDir = Files.createDirectories(Path.of("target", "tomcat"));
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toAbsolutePath().toString());
        tomcat.setAddDefaultWebXmlToWebapp(false); // only the app's own web.xml, no JSP servlet
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addWebapp("", webapp.toAbsolutePath().toString());
        if (context instanceof StandardContext standard) {
            standard.setClearReferencesThreadLocals(false);
            standard.setClearReferencesRmiTargets(false);
        }
        // The packaged consentgate.json has no secret (production takes CONSENTGATE_SECRET from the environment);
        // for the test one with a fixed secret lies over it in WEB-INF/classes.
        WebResourceRoot resources = new StandardRoot(context);
        resources.addPreResources(new DirResourceSet(resources, "/WEB-INF/classes",
                Path.of("target", "test-classes", "overlay-classes").toAbsolutePath().toString(), "/"));
        context.setResources(resources);
        tomcat.start();
        assertThat(context.getState().isAvailable()).as("webapp started").isTrue();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @AfterAll
    static void undeploy() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> setCookieNames(HttpResponse<?> r) {
        return r.headers().allValues("set-cookie").stream().map(h -> h.substring(0, h.indexOf('='))).toList();
    }

    @Test
    void home_beforeConsent_trackingCookiesAreDropped() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/")));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("analytics granted: false\n");
        assertThat(setCookieNames(r)).isEmpty();
    }

    @Test
    void home_afterAnalyticsConsent_analyticsCookieIsSetButNotPreferences() throws Exception {
        HttpResponse<String> granted = send(HttpRequest.newBuilder(base.resolve("/consent"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"granted\":[\"analytics\"]}")));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        String consent = granted.headers().allValues("set-cookie").stream().filter(h -> h.startsWith("consentgate="))
                .map(h -> h.substring(0, h.indexOf(';'))).findFirst().orElseThrow();

        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/")).header("Cookie", consent));

        assertThat(r.body()).isEqualTo("analytics granted: true\n");
        assertThat(setCookieNames(r)).containsExactly("_ga");
    }
}
