package dev.consentgate.core.csp;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Content-Security-Policy the filter sends: its {@link CspMode} and the baseline policy for a visitor who
 * granted nothing. To {@value #SCRIPT_SRC}, {@code connect-src}, {@code img-src} and {@code frame-src} the filter
 * adds the hosts of each granted category, and to {@value #SCRIPT_SRC} a per-request nonce; a baseline without one
 * of these directives starts it from {@code default-src}, or from {@code 'self'} when that is absent too.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>{@link Builder#mode}</td><td>{@link CspMode#ENFORCE}</td></tr>
 *   <tr><td>{@link Builder#baseline}</td><td>{@code script-src 'self'; connect-src 'self'; img-src 'self' data:;
 *       frame-src 'self'; object-src 'none'; base-uri 'self'}: what tags use, nothing else (styles and fonts are
 *       not restricted)</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public final class CspConfig {

    /** The directive that also gets the nonce. */
    public static final String SCRIPT_SRC = "script-src";
    /** The directives granted categories add their hosts to, in header order. */
    public static final List<String> HOST_DIRECTIVES = List.of(SCRIPT_SRC, "connect-src", "img-src", "frame-src");

    // CSP Level 3 and its companions (Mixed Content, Upgrade Insecure Requests, Trusted Types, Reporting).
    private static final Set<String> DIRECTIVES = Set.of("default-src", "script-src", "script-src-elem",
            "script-src-attr", "style-src", "style-src-elem", "style-src-attr", "img-src", "font-src", "connect-src",
            "media-src", "object-src", "frame-src", "child-src", "worker-src", "manifest-src", "base-uri",
            "form-action", "frame-ancestors", "sandbox", "upgrade-insecure-requests", "block-all-mixed-content",
            "report-uri", "report-to", "require-trusted-types-for", "trusted-types");

    private static final CspConfig DEFAULTS = builder().build();

    private final CspMode mode;
    private final Map<String, List<String>> baseline;

    private CspConfig(Builder b) {
        this.mode = b.mode;
        this.baseline = Collections.unmodifiableMap(new LinkedHashMap<>(b.baseline));
    }

    /** Enforcing, with the default baseline. */
    public static CspConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.baseline.clear();
        b.baseline.putAll(baseline);
        return b;
    }

    public CspMode mode() {
        return mode;
    }

    /** Directive name to sources, in header order. */
    public Map<String, List<String>> baseline() {
        return baseline;
    }

    /**
     * Builds a {@link CspConfig}. Setters validate at once, naming the directive and the bad value; {@link #build()}
     * does not change the builder. Not thread-safe.
     */
    public static final class Builder {
        private CspMode mode = CspMode.ENFORCE;
        private final Map<String, List<String>> baseline = new LinkedHashMap<>();

        private Builder() {
            baseline.put(SCRIPT_SRC, List.of("'self'"));
            baseline.put("connect-src", List.of("'self'"));
            baseline.put("img-src", List.of("'self'", "data:"));
            baseline.put("frame-src", List.of("'self'"));
            baseline.put("object-src", List.of("'none'"));
            baseline.put("base-uri", List.of("'self'"));
        }

        public Builder mode(CspMode mode) {
            this.mode = requireNonNull(mode, "mode");
            return this;
        }

        /** Replaces the whole baseline: directive name to its sources, in header order. */
        public Builder baseline(Map<String, List<String>> directives) {
            requireNonNull(directives, "baseline");
            Map<String, List<String>> checked = new LinkedHashMap<>();
            directives.forEach((name, sources) -> checked.put(checkName(name), checkSources(name, sources)));
            baseline.clear();
            baseline.putAll(checked);
            return this;
        }

        /** Sets one directive of the baseline, replacing its sources if it is there already. */
        public Builder directive(String name, List<String> sources) {
            baseline.put(checkName(name), checkSources(name, sources));
            return this;
        }

        public CspConfig build() {
            return new CspConfig(this);
        }

        private static String checkName(String name) {
            requireNonNull(name, "directive name");
            if (!DIRECTIVES.contains(name)) {
                throw new IllegalArgumentException("unknown csp directive '" + name + "', expected one of "
                        + DIRECTIVES.stream().sorted().toList());
            }
            return name;
        }

        private static List<String> checkSources(String name, List<String> sources) {
            requireNonNull(sources, name);
            for (String source : sources) {
                requireNonNull(source, name + " source");
                // The value goes into a header: no separators a browser would read as a new directive or policy.
                if (source.isEmpty() || source.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f || c == ';' || c == ',')) {
                    throw new IllegalArgumentException("csp source of " + name + " must be one non-empty token"
                            + " without spaces, ';', ',' or control characters, got '" + source + "'");
                }
            }
            return List.copyOf(sources);
        }
    }
}
