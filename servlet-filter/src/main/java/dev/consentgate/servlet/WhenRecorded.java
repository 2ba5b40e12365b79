package dev.consentgate.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes a consent choice once its recorder is done with it. When the container allows it, the request is made
 * asynchronous meanwhile (the file and PostgreSQL logs take a few milliseconds to make a decision durable), so that
 * no request thread is parked on an {@code fsync}; the rest then runs on a container thread, never on the
 * recorder's (the file log completes a whole batch's decisions from one thread). A recorder that is done at once
 * (the SLF4J one) is finished in the request's own thread, as is every recorder when the container does not allow
 * asynchronous requests. Stateless.
 */
final class WhenRecorded {

    private static final Logger log = LoggerFactory.getLogger(ConsentFilter.class);

    /** The rest of the choice: applies it, or answers 503 when {@code failure} is not null. */
    @FunctionalInterface
    interface Rest {
        void run(Throwable failure) throws IOException;
    }

    private WhenRecorded() {
    }

    static void then(HttpServletRequest request, HttpServletResponse response, CompletionStage<Void> recording,
            Rest rest) throws IOException {
        CompletableFuture<Void> kept = recording.toCompletableFuture();
        if (kept.isDone() || !request.isAsyncSupported()) {
            rest.run(failureOf(kept)); // waits, when not done and the container cannot go asynchronous
            return;
        }
        AsyncContext async = request.startAsync(request, response);
        AtomicBoolean answered = new AtomicBoolean();
        async.addListener(new TimeoutAnswer(async, response, answered));
        Runnable finish = () -> {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            try {
                rest.run(failureOf(kept));
            } catch (IOException | RuntimeException e) {
                log.debug("could not send the answer to a consent choice: {}", e.toString());
            } finally {
                async.complete();
            }
        };
        kept.whenComplete((ignored, failure) -> {
            try {
                async.start(finish);
            } catch (RuntimeException e) {
                finish.run(); // the container is stopping
            }
        });
    }

    private static Throwable failureOf(CompletableFuture<Void> kept) {
        try {
            kept.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (CancellationException e) {
            return e;
        }
    }

    /** A recorder that never answers: 503 when the container's async timeout passes, as for a failed recording. */
    private record TimeoutAnswer(AsyncContext async, HttpServletResponse response, AtomicBoolean answered)
            implements AsyncListener {

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            if (answered.compareAndSet(false, true)) {
                log.error("consent recorder did not answer within the request's async timeout; the choice was not "
                        + "applied");
                ConsentEndpoint.error(response, 503, "consent could not be recorded; nothing was changed", null);
                async.complete();
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            // Answered either way: by the recorder's outcome or by onTimeout.
        }

        @Override
        public void onError(AsyncEvent event) {
            // The connection failed: there is no one left to answer; the recorder's outcome is logged as usual.
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // The endpoint starts one asynchronous cycle per request; nothing dispatches it again.
        }
    }
}
