package dev.consentgate.core.tracking;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the filter records about each request, and how little: whether it records at all, which paths it skips,
 * which consent category each personal field needs, how each is minimised, and which proxies may say who the
 * client is.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>{@link Builder#enabled}</td><td>true</td></tr>
 *   <tr><td>{@link Builder#skipPaths}</td><td>none</td></tr>
 *   <tr><td>{@link Builder#field}</td><td>ip, browser, referrer, path → {@code analytics}; adParams →
 *       {@code advertising}</td></tr>
 *   <tr><td>{@link Builder#ip}</td><td>{@link IpMode#TRUNCATED}</td></tr>
 *   <tr><td>{@link Builder#browser}</td><td>{@link BrowserMode#FAMILY}</td></tr>
 *   <tr><td>{@link Builder#referrer}</td><td>{@link ReferrerMode#ORIGIN}</td></tr>
 *   <tr><td>{@link Builder#clientIpHeader}</td><td>{@link ClientIpHeader#X_FORWARDED_FOR}</td></tr>
 *   <tr><td>{@link Builder#trustedProxies}</td><td>none: forwarding headers are ignored</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public final class TrackingConfig {

    // As ConsentCategory ids.
    private static final Pattern CATEGORY_ID = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private final boolean enabled;
    private final List<String> skipPaths;
    private final Map<TrackingField, String> categories;
    private final IpMode ip;
    private final BrowserMode browser;
    private final ReferrerMode referrer;
    private final ClientIpHeader clientIpHeader;
    private final List<Cidr> trustedProxies;

    private TrackingConfig(Builder b) {
        this.enabled = b.enabled;
        this.skipPaths = List.copyOf(b.skipPaths);
        this.categories = Collections.unmodifiableMap(new EnumMap<>(b.categories));
        this.ip = b.ip;
        this.browser = b.browser;
        this.referrer = b.referrer;
        this.clientIpHeader = b.clientIpHeader;
        this.trustedProxies = List.copyOf(b.trustedProxies);
    }

    /** The defaults: on, every field minimised and behind its default category, no trusted proxy. */
    public static TrackingConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.skipPaths.addAll(skipPaths);
        b.categories.putAll(categories);
        b.ip = ip;
        b.browser = browser;
        b.referrer = referrer;
        b.clientIpHeader = clientIpHeader;
        b.trustedProxies.addAll(trustedProxies);
        return b;
    }

    /** Whether the filter records requests at all. */
    public boolean enabled() {
        return enabled;
    }

    /** Path prefixes, relative to the context path, of requests that are never recorded (static files). */
    public List<String> skipPaths() {
        return skipPaths;
    }

    /** The consent category a field needs. */
    public String category(TrackingField field) {
        return categories.get(field);
    }

    /** Every field with the category it needs. */
    public Map<TrackingField, String> categories() {
        return categories;
    }

    public IpMode ip() {
        return ip;
    }

    public BrowserMode browser() {
        return browser;
    }

    public ReferrerMode referrer() {
        return referrer;
    }

    public ClientIpHeader clientIpHeader() {
        return clientIpHeader;
    }

    /** The trusted proxies as CIDR blocks, such as {@code 127.0.0.0/8} and {@code ::1/128}. */
    public List<String> trustedProxies() {
        return trustedProxies.stream().map(Cidr::toString).toList();
    }

    List<Cidr> trustedProxyBlocks() {
        return trustedProxies;
    }

    /**
     * Builds a {@link TrackingConfig}. Each setter validates at once, naming the setting and the bad value;
     * {@link #build()} does not change the builder. Not thread-safe.
     */
    public static final class Builder {
        private boolean enabled = true;
        private final List<String> skipPaths = new ArrayList<>();
        private final Map<TrackingField, String> categories = new EnumMap<>(TrackingField.class);
        private IpMode ip = IpMode.TRUNCATED;
        private BrowserMode browser = BrowserMode.FAMILY;
        private ReferrerMode referrer = ReferrerMode.ORIGIN;
        private ClientIpHeader clientIpHeader = ClientIpHeader.X_FORWARDED_FOR;
        private final List<Cidr> trustedProxies = new ArrayList<>();

        private Builder() {
            for (TrackingField field : TrackingField.values()) {
                categories.put(field, field.defaultCategory());
            }
        }

        /** Whether the filter records requests; true by default. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * Replaces the path prefixes never recorded, such as {@code /static/} or {@code /favicon.ico}; matched
         * against the path below the context path, case-sensitively.
         */
        public Builder skipPaths(List<String> prefixes) {
            requireNonNull(prefixes, "skipPaths");
            for (String p : prefixes) {
                requireNonNull(p, "skipPaths entry");
                if (!p.startsWith("/") || p.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
                    throw new IllegalArgumentException("skipPaths entry must start with / and contain no spaces or"
                            + " control characters, got '" + p + "'");
                }
            }
            skipPaths.clear();
            skipPaths.addAll(prefixes);
            return this;
        }

        /**
         * The consent category {@code field} needs. A category other than the field's default must be one the
         * policy defines (checked when the {@code ConsentGateConfig} is built); {@code necessary} records the field
         * for every visitor, so use it only where another legal basis covers it.
         */
        public Builder field(TrackingField field, String category) {
            requireNonNull(field, "field");
            requireNonNull(category, "category");
            if (!CATEGORY_ID.matcher(category).matches()) {
                throw new IllegalArgumentException("tracking field '" + field.jsonName() + "' needs a category id"
                        + " matching [a-z][a-z0-9_-]{0,31}, got '" + category + "'");
            }
            categories.put(field, category);
            return this;
        }

        public Builder ip(IpMode mode) {
            this.ip = requireNonNull(mode, "ip");
            return this;
        }

        public Builder browser(BrowserMode mode) {
            this.browser = requireNonNull(mode, "browser");
            return this;
        }

        public Builder referrer(ReferrerMode mode) {
            this.referrer = requireNonNull(mode, "referrer");
            return this;
        }

        /** The forwarding header trusted proxies write; {@code X-Forwarded-For} by default. */
        public Builder clientIpHeader(ClientIpHeader header) {
            this.clientIpHeader = requireNonNull(header, "clientIpHeader");
            return this;
        }

        /**
         * Replaces the proxies whose forwarding header is believed: addresses or CIDR blocks such as
         * {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code 2001:db8::/32}. List only your own proxies and load
         * balancers: a listed address can make up any client address.
         */
        public Builder trustedProxies(List<String> blocks) {
            requireNonNull(blocks, "trustedProxies");
            List<Cidr> parsed = new ArrayList<>();
            for (String block : blocks) {
                parsed.add(Cidr.parse(requireNonNull(block, "trustedProxies entry")));
            }
            trustedProxies.clear();
            trustedProxies.addAll(parsed);
            return this;
        }

        public TrackingConfig build() {
            return new TrackingConfig(this);
        }
    }
}
