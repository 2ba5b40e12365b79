package dev.consentgate.servlet;

import static dev.consentgate.servlet.TestSite.consentCookie;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgate.core.consent.ConsentDecision;
import dev.consentgate.core.consent.ConsentRecorder;
import dev.consentgate.core.log.ConsentLogSource;
import dev.consentgate.core.log.ConsentRecord;
import dev.consentgate.core.log.FileConsentLog;
import dev.consentgate.core.log.RecordFormat;
import dev.consentgate.servlet.TestSite.Container;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The consent endpoint with a recorder that answers later ({@link ConsentRecorder#recordAsync}), on each container,
 * over real HTTP: the request waits asynchronously and is answered exactly as a blocking recorder's.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Container.class)
class ConsentEndpointAsyncTest {

    private static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Parameter
    private Container container;

    @TempDir
    Path dir;

    @Test
    void post_recorderKeepsItLater_answers200WithCookieOnlyThen() throws Exception {
        try (TestSite site = TestSite.start(container, b -> b.recorder(later(d -> null)))) {
            long start = System.nanoTime();
            HttpResponse<String> r = site.post("/consent", JSON, "{\"granted\":[\"analytics\"]}");

            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(200);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).get("granted").toString()).isEqualTo("[\"necessary\",\"analytics\"]");
            assertThat(consentCookie(r)).startsWith("consentgate=");
            assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
        }
    }

    @Test
    void post_recorderFailsLater_answers503AndSetsNoCookie() throws Exception {
        try (TestSite site = TestSite.start(container, b -> b.recorder(later(d -> new IOException("disk full"))))) {
            HttpResponse<String> r = site.post("/consent", JSON, "{\"action\":\"accept-all\"}");

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/json"));
            assertThat(json(r).get("error").asText()).isEqualTo("consent could not be recorded; nothing was changed");
            assertThat(r.headers().allValues("set-cookie")).isEmpty();
        }
    }

    @Test
    void postThenDelete_fileConsentLog_eachIsInTheLogWhenAnswered() throws Exception {
        try (FileConsentLog log = FileConsentLog.builder(dir).open();
                TestSite site = TestSite.start(container, b -> b.recorder(log))) {
            HttpResponse<String> granted = site.post("/consent", JSON, "{\"granted\":[\"analytics\"]}");
            String id = json(granted).get("consentId").asText();
            assertThat(actions(id)).containsExactly("custom");

            HttpResponse<String> withdrawn = site.delete("/consent", "Cookie", consentCookie(granted));

            assertThat(withdrawn.statusCode()).isEqualTo(200);
            assertThat(actions(id)).containsExactly("custom", "withdraw");
        }
        assertThat(ConsentLogSource.files(dir).verify(Optional.empty()).problem()).isEmpty();
    }

    /** A recorder that decides 200 ms later, on a thread of its own, to keep ({@code null}) or fail. */
    private static ConsentRecorder later(Function<ConsentDecision, IOException> outcome) {
        return new ConsentRecorder() {
            @Override
            public void record(ConsentDecision decision) {
                throw new AssertionError("the endpoint should record asynchronously");
            }

            @Override
            public CompletionStage<Void> recordAsync(ConsentDecision decision) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(() -> {
                    IOException failure = outcome.apply(decision);
                    if (failure == null) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(failure);
                    }
                });
                return done;
            }
        };
    }

    private List<String> actions(String consentId) throws IOException {
        List<String> actions = new ArrayList<>();
        ConsentLogSource.files(dir).scan((location, line) -> {
            try {
                ConsentRecord r = RecordFormat.parse(line);
                if (r.consentId().toString().equals(consentId)) {
                    actions.add(r.action());
                }
            } catch (dev.consentgate.core.log.MalformedRecordException e) {
                throw new AssertionError(location + ": " + e.getMessage());
            }
        });
        return actions;
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return MAPPER.readTree(r.body());
    }
}
