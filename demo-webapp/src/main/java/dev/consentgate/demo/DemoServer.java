package dev.consentgate.demo;

import dev.consentgate.core.config.ConfigException;
import dev.consentgate.core.config.ConfigLoader;
import dev.consentgate.core.config.ConsentGateConfig;
import dev.consentgate.core.log.AuditKey;
import dev.consentgate.core.log.FileConsentLog;
import dev.consentgate.core.tracking.TrackingSink;
import dev.consentgate.servlet.ConsentFilter;
import dev.consentgate.servlet.UnclassifiedReport;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Runs the demo site on embedded Jetty 12, with the consent filter registered the way an app would register it.
 * Tracking records go to {@code <data-dir>/tracking.jsonl}, one JSON object per line.
 *
 * <pre>java -jar consentgate-demo.jar [--port N] [--data-dir DIR] [--config FILE] [--no-consent-filter]
 * java -jar consentgate-demo.jar --validate FILE</pre>
 */
public final class DemoServer implements AutoCloseable {

    /** The configuration bundled with the demo. */
    static final String BUNDLED_CONFIG = "consentgate-demo.json";
    /** Where the tracking records go, in the data directory. */
    static final String TRACKING_FILE = "tracking.jsonl";

    /** Where the demo keeps its consent log, inside the data directory. */
    static final String CONSENT_LOG = "consent-log";

    private final Server server;
    private final URI uri;
    private final Optional<FileConsentLog> consentLog;

    private DemoServer(Server server, URI uri, Optional<FileConsentLog> consentLog) {
        this.server = server;
        this.uri = uri;
        this.consentLog = consentLog;
    }

    public static void main(String[] args) {
        if (args.length > 0 && ValidateCommand.OPTION.equals(args[0])) {
            System.exit(ValidateCommand.run(args, System.out, System.err));
            return;
        }
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            DemoServer demo = start(options, System.getenv());
            System.out.println("Consent Gate demo serving on " + demo.uri()
                    + (options.consentFilter() ? "" : " (without the consent filter)"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    demo.close();
                } catch (Exception e) {
                    System.err.println("error while stopping the demo: " + e);
                }
            }, "consentgate-demo-shutdown"));
            demo.server.join();
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("cannot start the demo: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("cannot start the demo: " + e);
            System.exit(1);
        }
    }

    /** Starts the demo; {@link #close()} stops it. */
    static DemoServer start(DemoOptions options, Map<String, String> environment) throws Exception {
        Files.createDirectories(options.dataDir());
        Optional<AdminCredentials> admin = AdminCredentials.fromEnvironment(environment);
        Optional<AuditKey> auditKey = AuditKey.fromEnvironment(environment);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(options.port());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        // The demo's session cookie is "necessary": scripts never need it, and it should not ride along on
        // cross-site requests. (Secure follows the request: Jetty marks it when the connection is HTTPS.)
        jakarta.servlet.SessionCookieConfig session = context.getSessionHandler().getSessionCookieConfig();
        session.setHttpOnly(true);
        session.setAttribute("SameSite", "Lax");
        Optional<ConsentGateConfig> siteConfig = Optional.empty();
        Optional<FileConsentLog> consentLog = Optional.empty();
        Optional<ConsentFilter> consentFilter = Optional.empty();
        if (options.consentFilter()) {
            ConsentGateConfig config = loadConfig(options).toBuilder()
                    .signingKeys(DemoSecret.load(options.dataDir(), environment)).build();
            siteConfig = Optional.of(config);
            consentLog = Optional.of(FileConsentLog.builder(options.dataDir().resolve(CONSENT_LOG))
                    .auditKey(auditKey).open());
            ConsentFilter filter = ConsentFilter.builder().config(config).recorder(consentLog.get())
                    .trackingSink(TrackingSink.jsonLines(options.dataDir().resolve(TRACKING_FILE))).build();
            consentFilter = Optional.of(filter);
            FilterHolder holder = new FilterHolder(filter);
            // The consent endpoint then waits for the log's fsync without holding a request thread.
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/*",
                    EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
        }
        if (consentFilter.isPresent()) {
            UnclassifiedReport unclassified = consentFilter.get().unclassifiedCookies();
            context.addServlet(new ServletHolder(new AuditServlet(admin, options.dataDir().resolve(CONSENT_LOG),
                    auditKey, unclassified)), AuditServlet.PATH);
            context.addServlet(new ServletHolder(new UnclassifiedServlet(admin, unclassified)),
                    UnclassifiedServlet.PATH);
        }
        SiteServlet site = new SiteServlet(siteConfig);
        context.addServlet(new ServletHolder(site), "");
        context.addServlet(new ServletHolder(site), "/privacy");
        context.addServlet(new ServletHolder(site), "/assets/*");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            if (consentLog.isPresent()) {
                consentLog.get().close();
            }
            throw e;
        }
        return new DemoServer(server, URI.create("http://localhost:" + connector.getLocalPort() + "/"), consentLog);
    }

    private static ConsentGateConfig loadConfig(DemoOptions options) throws IOException {
        if (options.config().isPresent()) {
            return ConfigLoader.load(options.config().get());
        }
        try (InputStream in = DemoServer.class.getClassLoader().getResourceAsStream(BUNDLED_CONFIG)) {
            if (in == null) {
                throw new IOException("the bundled " + BUNDLED_CONFIG + " is missing from the jar");
            }
            return ConfigLoader.load(in, "classpath:" + BUNDLED_CONFIG);
        }
    }

    /** Where the demo answers. */
    public URI uri() {
        return uri;
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            if (consentLog.isPresent()) {
                consentLog.get().close();
            }
        }
    }
}
