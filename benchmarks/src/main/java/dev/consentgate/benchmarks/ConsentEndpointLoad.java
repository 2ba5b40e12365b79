package dev.consentgate.benchmarks;

import dev.consentgate.core.config.ConsentGateConfig;
import dev.consentgate.core.config.SecureCookies;
import dev.consentgate.core.consent.SigningKeys;
import dev.consentgate.core.log.FileConsentLog;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.core.policy.CookieMatchers;
import dev.consentgate.servlet.ConsentFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * {@code POST /consent} latency at 64 concurrent clients, each decision durable in a {@link FileConsentLog} before
 * the answer, against {@code GET /consent} (no write) in the same run, on loopback: first with the request thread
 * blocked until the record is durable, then with an asynchronous request. Client and server share the machine's
 * cores.
 *
 * <pre>java -cp benchmarks/target/consentgate-benchmarks.jar dev.consentgate.benchmarks.ConsentEndpointLoad</pre>
 */
public final class ConsentEndpointLoad {

    private static final int CLIENTS = 64;
    private static final int SECONDS = 10;

    private ConsentEndpointLoad() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("consentgate-endpoint-bench");
        ConsentPolicy policy = ConsentPolicy.builder()
                .category(ConsentCategory.of("analytics", "Analytics", "Visits.")
                        .withCookies(CookieMatchers.names("_ga")))
                .category(ConsentCategory.of("advertising", "Advertising", "Ads.")
                        .withCookies(CookieMatchers.names("_fbp")))
                .build();
        ConsentGateConfig config = ConsentGateConfig.builder().policy(policy).secureCookies(SecureCookies.NEVER)
                .signingKeys(SigningKeys.of(List.of(SigningKeys.generate("bench", new SecureRandom())))).build();
        try (FileConsentLog log = FileConsentLog.builder(dir.resolve("consent-log")).open()) {
            ConsentFilter filter = ConsentFilter.builder().config(config).recorder(log).trackingSink(r -> { })
                    .build();
            System.out.printf(Locale.ROOT, "consent endpoint, %d clients, %d s each, loopback%n", CLIENTS, SECONDS);
            Result get = null;
            for (boolean async : new boolean[] {false, true}) {
                Server server = server(filter, async);
                URI base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0])
                        .getLocalPort() + "/consent");
                try {
                    run(base, true, 3); // warm-up
                    if (get == null) {
                        get = run(base, false, SECONDS);
                        print("GET /consent (baseline)", get);
                    }
                    Result post = run(base, true, SECONDS);
                    print(async ? "POST /consent, async request" : "POST /consent, blocking", post);
                    System.out.printf(Locale.ROOT, "    p99 POST - p99 GET: %.2f ms%n", post.p99 - get.p99);
                } finally {
                    server.stop();
                }
            }
        }
    }

    /**
     * Jetty with the filter; {@code async} lets the consent endpoint wait for the log in an asynchronous request
     * instead of a parked request thread.
     */
    private static Server server(ConsentFilter filter, boolean async) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(async);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;
        }), "/");
        server.setHandler(context);
        server.start();
        return server;
    }

    private record Result(double perSecond, double p50, double p99, long errors) {
    }

    private static void print(String name, Result r) {
        System.out.printf(Locale.ROOT, "  %-30s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n", name,
                r.perSecond, r.p50, r.p99, r.errors);
    }

    private static Result run(URI uri, boolean post, int seconds) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong errors = new AtomicLong();
        List<Latencies> parts = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Latencies mine = new Latencies();
            parts.add(mine);
            threads.add(new Thread(() -> {
                HttpRequest request = post
                        ? HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"granted\":[\"analytics\"]}")).build()
                        : HttpRequest.newBuilder(uri).GET().build();
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    mine.add(System.nanoTime() - start);
                }
            }));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        Thread.sleep(seconds * 1_000L);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Latencies all = Latencies.merge(parts);
        return new Result(all.count() / elapsed, all.millis(0.5), all.millis(0.99), errors.get());
    }
}
