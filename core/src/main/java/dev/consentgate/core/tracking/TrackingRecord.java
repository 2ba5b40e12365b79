package dev.consentgate.core.tracking;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What is kept about one request: non-personal fields always, each personal field only when the visitor granted
 * the category it needs, minimised. A field that is not granted is absent — not blank, not hashed.
 *
 * <p>The non-personal part never identifies the visitor: {@code route} is the servlet mapping or a route the app
 * names ({@code /app/*}, {@code /users/{id}}), never the path the visitor requested, which is the
 * {@link TrackingField#PATH clickstream} and needs consent like the rest.
 *
 * <p>Every text is free of control characters and line breaks and at most {@value #MAX_TEXT} characters, so a
 * sink may write it to a line-oriented log as it is (CWE-117). Immutable and thread-safe.
 *
 * @param time     when the request arrived
 * @param method   the HTTP method
 * @param route    the servlet mapping or app route that served the request, when known
 * @param status   the response status
 * @param latency  from arrival until the app was done (the filter chain returned, or the async context completed)
 * @param ip       the client's IP address, truncated by default
 * @param browser  browser family, major version and OS family by default
 * @param referrer the referring page's origin by default
 * @param path     the request path, without query string or path parameters ({@code ;jsessionid=})
 * @param adParams {@code utm_*}, {@code gclid} and {@code fbclid} query parameters, sorted by name; empty when
 *                 none or not granted
 */
public record TrackingRecord(
        Instant time,
        String method,
        Optional<String> route,
        int status,
        Duration latency,
        Optional<String> ip,
        Optional<String> browser,
        Optional<String> referrer,
        Optional<String> path,
        Map<String, String> adParams) {

    /** Bound on every text in a record. */
    public static final int MAX_TEXT = 1_100;

    public TrackingRecord {
        requireNonNull(time, "time");
        check("method", requireNonNull(method, "method"));
        requireNonNull(route, "route").ifPresent(r -> check("route", r));
        if (status < 0 || status > 999) {
            throw new IllegalArgumentException("status must be from 0 to 999, got " + status);
        }
        if (requireNonNull(latency, "latency").isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
        requireNonNull(ip, "ip").ifPresent(v -> check("ip", v));
        requireNonNull(browser, "browser").ifPresent(v -> check("browser", v));
        requireNonNull(referrer, "referrer").ifPresent(v -> check("referrer", v));
        requireNonNull(path, "path").ifPresent(v -> check("path", v));
        requireNonNull(adParams, "adParams").forEach((k, v) -> {
            check("adParams key", k);
            check("adParams value", v);
        });
        adParams = Collections.unmodifiableMap(new TreeMap<>(adParams));
    }

    /** Whether the record holds nothing personal. */
    public boolean isAnonymous() {
        return ip.isEmpty() && browser.isEmpty() && referrer.isEmpty() && path.isEmpty() && adParams.isEmpty();
    }

    /**
     * The fields that are present, in a fixed order, as a log encoder or JSON writer should show them:
     * {@code time} (ISO-8601), {@code method}, {@code route}, {@code status}, {@code latencyMs} (a number with
     * microseconds), then {@code ip}, {@code browser}, {@code referrer}, {@code path} and {@code adParams} (an
     * object) when present. Values are strings, numbers or, for {@code adParams}, a map of strings.
     */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("time", time.toString());
        fields.put("method", method);
        route.ifPresent(r -> fields.put("route", r));
        fields.put("status", status);
        fields.put("latencyMs", latency.toNanos() / 1_000 / 1_000.0);
        ip.ifPresent(v -> fields.put(TrackingField.IP.jsonName(), v));
        browser.ifPresent(v -> fields.put(TrackingField.BROWSER.jsonName(), v));
        referrer.ifPresent(v -> fields.put(TrackingField.REFERRER.jsonName(), v));
        path.ifPresent(v -> fields.put(TrackingField.PATH.jsonName(), v));
        if (!adParams.isEmpty()) {
            fields.put(TrackingField.AD_PARAMS.jsonName(), adParams);
        }
        return Collections.unmodifiableMap(fields);
    }

    private static void check(String name, String value) {
        if (value.length() > MAX_TEXT || !LogSafe.clean(value, value.length()).equals(value)) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_TEXT + " characters without control"
                    + " characters or line breaks");
        }
    }
}
