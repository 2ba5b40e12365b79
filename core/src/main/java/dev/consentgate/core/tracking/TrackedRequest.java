package dev.consentgate.core.tracking;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the filter saw of one finished request, before minimisation: the input of {@link TrackingRecorder}. It
 * holds the visitor's personal data as they sent it, so it is never logged or kept; only the
 * {@link TrackingRecord} made from it is. Build with {@link #builder()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param time          when the request arrived
 * @param method        the HTTP method
 * @param path          the request URI's path as received (still percent-encoded), without query string
 * @param query         the raw query string
 * @param route         the route that served the request, such as the servlet mapping {@code /app/*}; never
 *                      anything the visitor chose
 * @param peerAddress   the direct peer's address, as the container reports it
 * @param forwardedFor  the {@code X-Forwarded-For} field lines, in the order received
 * @param forwarded     the {@code Forwarded} field lines, in the order received
 * @param userAgent     the {@code User-Agent}
 * @param referer       the {@code Referer}
 * @param status        the response status
 * @param latency       from arrival until the app was done: the filter chain returned, or the async context
 *                      completed
 */
public record TrackedRequest(
        Instant time,
        String method,
        String path,
        Optional<String> query,
        Optional<String> route,
        String peerAddress,
        List<String> forwardedFor,
        List<String> forwarded,
        Optional<String> userAgent,
        Optional<String> referer,
        int status,
        Duration latency) {

    public TrackedRequest {
        requireNonNull(time, "time");
        requireNonNull(method, "method");
        requireNonNull(path, "path");
        requireNonNull(query, "query");
        requireNonNull(route, "route");
        requireNonNull(peerAddress, "peerAddress");
        forwardedFor = List.copyOf(forwardedFor);
        forwarded = List.copyOf(forwarded);
        requireNonNull(userAgent, "userAgent");
        requireNonNull(referer, "referer");
        requireNonNull(latency, "latency");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link TrackedRequest}; {@code time}, {@code method}, {@code path} and the peer are required. */
    public static final class Builder {
        private Instant time;
        private String method;
        private String path;
        private Optional<String> query = Optional.empty();
        private Optional<String> route = Optional.empty();
        private String peerAddress;
        private List<String> forwardedFor = List.of();
        private List<String> forwarded = List.of();
        private Optional<String> userAgent = Optional.empty();
        private Optional<String> referer = Optional.empty();
        private int status = 200;
        private Duration latency = Duration.ZERO;

        private Builder() {
        }

        public Builder time(Instant time) {
            this.time = requireNonNull(time, "time");
            return this;
        }

        public Builder method(String method) {
            this.method = requireNonNull(method, "method");
            return this;
        }

        public Builder path(String path) {
            this.path = requireNonNull(path, "path");
            return this;
        }

        /** The raw query string; null (as the servlet API gives it when there is none) means none. */
        public Builder query(String query) {
            this.query = Optional.ofNullable(query);
            return this;
        }

        /** The route; null means unknown. */
        public Builder route(String route) {
            this.route = Optional.ofNullable(route);
            return this;
        }

        public Builder peerAddress(String peerAddress) {
            this.peerAddress = requireNonNull(peerAddress, "peerAddress");
            return this;
        }

        public Builder forwardedFor(List<String> fieldLines) {
            this.forwardedFor = List.copyOf(fieldLines);
            return this;
        }

        public Builder forwarded(List<String> fieldLines) {
            this.forwarded = List.copyOf(fieldLines);
            return this;
        }

        /** The user agent; null means none was sent. */
        public Builder userAgent(String userAgent) {
            this.userAgent = Optional.ofNullable(userAgent);
            return this;
        }

        /** The referrer; null means none was sent. */
        public Builder referer(String referer) {
            this.referer = Optional.ofNullable(referer);
            return this;
        }

        public Builder status(int status) {
            this.status = status;
            return this;
        }

        public Builder latency(Duration latency) {
            this.latency = requireNonNull(latency, "latency");
            return this;
        }

        /** The request; does not change the builder. */
        public TrackedRequest build() {
            return new TrackedRequest(time, method, path, query, route, peerAddress, forwardedFor, forwarded,
                    userAgent, referer, status, latency);
        }
    }
}
