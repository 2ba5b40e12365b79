package dev.consentgate.servlet;

import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.tracking.TrackedRequest;
import dev.consentgate.core.tracking.TrackingRecorder;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one tracking record per request once its response is complete: after the chain returns, or, for an
 * async request, when its async context completes. Only the {@code REQUEST} dispatch is recorded (forwards,
 * includes, error pages and async dispatches belong to it), and never the consent endpoint, which the filter serves
 * before the chain. The record is made from the consent state the filter already resolved. Thread-safe.
 */
final class RequestTracking {

    /** The rest of the filter chain. */
    @FunctionalInterface
    interface Chain {
        void proceed() throws IOException, ServletException;
    }

    private static final Logger log = LoggerFactory.getLogger(ConsentFilter.class);

    private final TrackingRecorder recorder;
    private final Clock clock;

    RequestTracking(TrackingRecorder recorder, Clock clock) {
        this.recorder = recorder;
        this.clock = clock;
    }

    void around(HttpServletRequest req, HttpServletResponse res, ConsentState state, String path, Chain chain)
            throws IOException, ServletException {
        if (req.getDispatcherType() != DispatcherType.REQUEST || !recorder.tracks(path)) {
            chain.proceed();
            return;
        }
        Instant time = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long start = System.nanoTime();
        boolean failed = true;
        try {
            chain.proceed();
            failed = false;
        } finally {
            try {
                if (!failed && req.isAsyncStarted()) {
                    req.getAsyncContext().addListener(new Completion(req, res, state, time, start));
                } else {
                    // The container answers an exception the app let through with 500, unless it is too late.
                    emit(req, state, time, start, failed && !res.isCommitted() ? 500 : res.getStatus());
                }
            } catch (RuntimeException e) {
                log.warn("could not record a tracking record; the request goes on", e);
            }
        }
    }

    private void emit(HttpServletRequest req, ConsentState state, Instant time, long start, int status) {
        recorder.track(describe(req, time, status, Duration.ofNanos(System.nanoTime() - start)), state);
    }

    /** The raw facts of a request, as the tracking recorder minimises them. */
    static TrackedRequest describe(HttpServletRequest req, Instant time, int status, Duration latency) {
        String peer = req.getRemoteAddr();
        return TrackedRequest.builder()
                .time(time)
                .method(req.getMethod())
                .path(req.getRequestURI())
                .query(req.getQueryString())
                .route(route(req))
                .peerAddress(peer == null ? "" : peer)
                .forwardedFor(headers(req, "X-Forwarded-For"))
                .forwarded(headers(req, "Forwarded"))
                .userAgent(req.getHeader("User-Agent"))
                .referer(req.getHeader("Referer"))
                .status(status)
                .latency(latency)
                .build();
    }

    /**
     * The visitor's IP and browser, minimised as the tracking configuration says (trusted proxies, truncation, the
     * browser summary), for a consent record whose configuration asks for them: they are part of the proof of a
     * decision, not tracking, so the visitor's tracking choices do not gate them.
     */
    java.util.Map<String, String> minimised(HttpServletRequest req, java.util.Set<String> fields,
            java.util.Set<String> allCategories) {
        if (fields.isEmpty()) {
            return java.util.Map.of();
        }
        ConsentState everything = ConsentState.decided(new java.util.UUID(0, 0), allCategories, 0,
                Instant.EPOCH, Instant.EPOCH, dev.consentgate.core.consent.DecisionSource.CHOICE);
        java.util.Map<String, Object> record = recorder.toRecord(describe(req, clock.instant(), 200, Duration.ZERO),
                everything).fields();
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (String field : fields) {
            if (record.get(field) instanceof String value) {
                out.put(field, value);
            }
        }
        return out;
    }

    /** The app's own route ({@value ConsentGate#ROUTE_ATTRIBUTE}), else the servlet mapping; never the raw path. */
    static String route(HttpServletRequest req) {
        if (req.getAttribute(ConsentGate.ROUTE_ATTRIBUTE) instanceof String route && !route.isBlank()) {
            return route;
        }
        HttpServletMapping mapping = req.getHttpServletMapping();
        if (mapping == null || mapping.getMappingMatch() == null) {
            return null;
        }
        // The context root's pattern is the empty string.
        return mapping.getMappingMatch() == MappingMatch.CONTEXT_ROOT ? "/" : mapping.getPattern();
    }

    private static List<String> headers(HttpServletRequest req, String name) {
        Enumeration<String> values = req.getHeaders(name); // null when the container does not allow access
        return values == null ? List.of() : Collections.list(values);
    }

    /** Emits the record when the async context completes, however it ends; follows a restarted async cycle. */
    private final class Completion implements AsyncListener {
        private final HttpServletRequest req;
        private final HttpServletResponse res;
        private final ConsentState state;
        private final Instant time;
        private final long start;
        private final AtomicBoolean emitted = new AtomicBoolean();

        Completion(HttpServletRequest req, HttpServletResponse res, ConsentState state, Instant time, long start) {
            this.req = req;
            this.res = res;
            this.state = state;
            this.time = time;
            this.start = start;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            if (emitted.compareAndSet(false, true)) {
                try {
                    emit(req, state, time, start, res.getStatus());
                } catch (RuntimeException e) {
                    log.warn("could not record a tracking record; the request goes on", e);
                }
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows, with the status the timeout left.
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows.
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Servlet 6 §2.3.3.3: listeners are dropped when startAsync is called again, unless they re-register.
            event.getAsyncContext().addListener(this);
        }
    }
}
