package dev.consentgate.servlet;

import static dev.consentgate.servlet.TestSite.consentCookie;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgate.core.consent.ConsentRecorder;
import dev.consentgate.core.log.ConsentLogStore;
import dev.consentgate.core.log.FileConsentLog;
import dev.consentgate.core.log.LogEntry;
import dev.consentgate.core.log.SpoolingConsentLog;
import dev.consentgate.servlet.TestSite.Container;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consent endpoint when the consent log store is slow, failing or on a full disk, over real HTTP with a real
 * {@link FileConsentLog}: a decision is either acknowledged and in the log once the store is back, or answered 503
 * without a consent cookie. The store's behaviour does not depend on the container, so this runs on Jetty only.
 */
class StoreFaultTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNRECORDED = "{\"error\":\"consent could not be recorded; nothing was changed\","
            + "\"field\":null}";

    @TempDir
    Path dir;

    private final List<String> acknowledged = new ArrayList<>();

    @Test
    void slowStore_pastAckTimeoutIs503WithoutCookie_withinItIs200() throws Exception {
        StallingClock clock = new StallingClock();
        Path logDir = dir.resolve("log");
        try (FileConsentLog log = FileConsentLog.builder(logDir).clock(clock).ackTimeout(Duration.ofMillis(500))
                .open(); TestSite site = TestSite.start(Container.JETTY, b -> b.recorder(log))) {
            clock.stall = Duration.ofMillis(2_000);
            assertUnrecorded(site.post("/consent", "application/json", "{\"action\":\"accept-all\"}"));

            Thread.sleep(2_000); // the writer is still held up with the first one

            clock.stall = Duration.ofMillis(100);
            decide(site, "{\"action\":\"reject-all\"}", "reject-all");
            clock.stall = Duration.ZERO;
        }

        // The decision that timed out may still have been written after its caller gave up: a record of a choice
        // that was never applied (documented), never a missing one.
        List<String> logged = ConsentLogs.decisions(logDir);
        assertThat(logged).containsAll(acknowledged).hasSizeBetween(acknowledged.size(), acknowledged.size() + 1);
        assertThat(logged.get(logged.size() - 1)).isEqualTo(acknowledged.get(0));
    }

    @Test
    void failingStore_withoutSpool_is503UntilItRecovers() throws Exception {
        Path logDir = dir.resolve("log");
        try (FileConsentLog log = FileConsentLog.builder(logDir).open()) {
            Switch store = new Switch(log);
            try (TestSite site = TestSite.start(Container.JETTY, b -> b.recorder(recorder(store)))) {
                String cookie = decide(site, "{\"action\":\"accept-all\"}", "accept-all");
                store.failing = true;

                assertUnrecorded(site.post("/consent", "application/json", "{\"action\":\"reject-all\"}",
                        "Cookie", cookie));
                assertUnrecorded(site.delete("/consent", "Cookie", cookie));

                store.failing = false;
                decide(site, "{\"action\":\"reject-all\"}", "reject-all", "Cookie", cookie);
            }
        }

        assertThat(ConsentLogs.decisions(logDir)).isEqualTo(acknowledged);
    }

    @Test
    void failingStore_withSpool_isAcknowledgedAndReplayedInOrder() throws Exception {
        Path logDir = dir.resolve("log");
        try (FileConsentLog log = FileConsentLog.builder(logDir).open()) {
            Switch store = new Switch(log);
            try (SpoolingConsentLog spool = SpoolingConsentLog.in(store, dir.resolve("spool"),
                    Duration.ofMillis(100)); TestSite site = TestSite.start(Container.JETTY, b -> b.recorder(spool))) {
                String cookie = decide(site, "{\"action\":\"accept-all\"}", "accept-all");
                store.failing = true;

                decideMany(site, cookie);
                assertThat(spool.pending()).isEqualTo(acknowledged.size() - 1);

                store.failing = false;
                await(() -> spool.pending() == 0);
                decide(site, "{\"granted\":[\"preferences\"]}", "custom", "Cookie", cookie);
            }
        }

        assertThat(ConsentLogs.decisions(logDir)).isEqualTo(acknowledged);
    }

    @Test
    void diskFull_withoutSpool_is503AndNothingAcknowledgedIsLost() throws Exception {
        try (FullDisk disk = FullDisk.at(dir.resolve("disk"))) {
            Path logDir = disk.dir.resolve("log");
            try (FileConsentLog log = FileConsentLog.builder(logDir).open();
                    TestSite site = TestSite.start(Container.JETTY, b -> b.recorder(recorder(disk.wrap(log))))) {
                String cookie = decide(site, "{\"action\":\"accept-all\"}", "accept-all");
                disk.fill();

                for (int i = 0; i < 3; i++) {
                    assertUnrecorded(site.post("/consent", "application/json", "{\"action\":\"reject-all\"}",
                            "Cookie", cookie));
                }

                disk.free();
                decide(site, "{\"action\":\"reject-all\"}", "reject-all", "Cookie", cookie);
            }
            assertThat(ConsentLogs.decisions(logDir)).isEqualTo(acknowledged);
        }
    }

    @Test
    void diskFull_withSpoolElsewhere_isAcknowledgedAndReplayedOnceSpaceIsBack() throws Exception {
        try (FullDisk disk = FullDisk.at(dir.resolve("disk"))) {
            Path logDir = disk.dir.resolve("log");
            try (FileConsentLog log = FileConsentLog.builder(logDir).open();
                    SpoolingConsentLog spool = SpoolingConsentLog.in(disk.wrap(log), dir.resolve("spool"),
                            Duration.ofMillis(100));
                    TestSite site = TestSite.start(Container.JETTY, b -> b.recorder(spool))) {
                String cookie = decide(site, "{\"action\":\"accept-all\"}", "accept-all");
                disk.fill();

                decideMany(site, cookie);
                Thread.sleep(300); // replays that fail while the disk is still full
                assertThat(spool.pending()).isEqualTo(acknowledged.size() - 1);

                disk.free();
                await(() -> spool.pending() == 0);
                decide(site, "{\"granted\":[\"analytics\"]}", "custom", "Cookie", cookie);
            }
            assertThat(ConsentLogs.decisions(logDir)).isEqualTo(acknowledged);
        }
    }

    /** A visitor changing their mind while the store is down: each answer acknowledged, each with its cookie. */
    private void decideMany(TestSite site, String cookie) throws Exception {
        decide(site, "{\"action\":\"reject-all\"}", "reject-all", "Cookie", cookie);
        decide(site, "{\"granted\":[\"analytics\"]}", "custom", "Cookie", cookie);
        HttpResponse<String> withdrawn = site.delete("/consent", "Cookie", cookie);
        acknowledge(withdrawn, "withdraw");
        decide(site, "{\"action\":\"accept-all\"}", "accept-all", "Cookie", cookie);
        decide(site, "{\"action\":\"accept-all\"}", "accept-all"); // a new visitor
    }

    /** Posts a choice that must be acknowledged; answers its consent cookie. */
    private String decide(TestSite site, String body, String action, String... headers) throws Exception {
        HttpResponse<String> r = site.post("/consent", "application/json", body, headers);
        acknowledge(r, action);
        return consentCookie(r);
    }

    private void acknowledge(HttpResponse<String> r, String action) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(consentCookie(r)).startsWith("consentgate=");
        acknowledged.add(ConsentLogs.key(JSON.readTree(r.body()).get("consentId").asText(), action));
    }

    private static void assertUnrecorded(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        assertThat(r.body()).isEqualTo(UNRECORDED);
        assertThat(r.headers().allValues("set-cookie")).noneMatch(h -> h.startsWith("consentgate="));
    }

    private static ConsentRecorder recorder(ConsentLogStore store) {
        return decision -> store.keep(LogEntry.of(decision));
    }

    private static void await(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** A store that fails, as a database that went away does, while {@link #failing} is set. */
    private static final class Switch implements ConsentLogStore {
        private final ConsentLogStore store;
        volatile boolean failing;

        Switch(ConsentLogStore store) {
            this.store = store;
        }

        @Override
        public void keep(LogEntry entry) throws IOException {
            if (failing) {
                throw new IOException("connection refused");
            }
            store.keep(entry);
        }
    }

    /**
     * UTC time whose every reading takes {@link #stall}: the file store's writer reads the clock for each record it
     * writes, so this holds the writer up as a slow disk would.
     */
    private static final class StallingClock extends Clock {
        volatile Duration stall = Duration.ZERO;

        @Override
        public Instant instant() {
            long ms = stall.toMillis();
            if (ms > 0) {
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
