package dev.consentgate.core.config;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.catalog.CookieCatalog;
import dev.consentgate.core.consent.SigningKeys;
import dev.consentgate.core.csp.CspConfig;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.core.signal.SignalsConfig;
import dev.consentgate.core.tracking.TrackingConfig;
import dev.consentgate.core.tracking.TrackingField;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the filter needs besides the app: the consent policy, the consent cookie, the cleanup of refused
 * cookies, the consent endpoint, the tracking records, the consent signals read besides the consent cookie, and the
 * Content-Security-Policy.
 *
 * <p>Build with {@link #builder()}; the JSON file ({@link ConfigLoader}) and servlet init-params end in the same
 * builder. Immutable and thread-safe.
 */
public final class ConsentGateConfig {

    /** Default name of the consent cookie. */
    public static final String DEFAULT_COOKIE_NAME = "consentgate";
    /** Default path of the consent endpoint. */
    public static final String DEFAULT_ENDPOINT_PATH = "/consent";
    /** Default bound on the refused-cookie expiry headers per response (proxies limit header counts). */
    public static final int DEFAULT_MAX_EXPIRY_HEADERS = 24;

    // RFC 6265 §4.1.1: cookie-name is an RFC 2616 token.
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*"
            + "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final ConsentPolicy policy;
    private final String cookieName;
    private final SecureCookies secureCookies;
    private final List<String> cookieDomains;
    private final List<String> cookiePaths;
    private final int maxExpiryHeaders;
    private final String endpointPath;
    private final List<String> allowedOrigins;
    private final Optional<SigningKeys> signingKeys;
    private final TrackingConfig tracking;
    private final SignalsConfig signals;
    private final Set<String> consentLogPersonal;
    private final CspConfig csp;
    private final List<CookieCatalog> catalogs;

    private ConsentGateConfig(Builder b) {
        this.policy = b.policy;
        this.cookieName = b.cookieName;
        this.secureCookies = b.secureCookies;
        this.cookieDomains = List.copyOf(b.cookieDomains);
        this.cookiePaths = List.copyOf(b.cookiePaths);
        this.maxExpiryHeaders = b.maxExpiryHeaders;
        this.endpointPath = b.endpointPath;
        this.allowedOrigins = List.copyOf(b.allowedOrigins);
        this.signingKeys = b.signingKeys;
        this.tracking = b.tracking;
        this.signals = b.signals;
        this.consentLogPersonal = Set.copyOf(b.consentLogPersonal);
        this.csp = b.csp;
        this.catalogs = List.copyOf(b.catalogs);
    }

    /** A builder with the defaults and a policy of only the necessary category. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.policy = policy;
        b.cookieName = cookieName;
        b.secureCookies = secureCookies;
        b.cookieDomains.addAll(cookieDomains);
        b.cookiePaths.clear();
        b.cookiePaths.addAll(cookiePaths);
        b.maxExpiryHeaders = maxExpiryHeaders;
        b.endpointPath = endpointPath;
        b.allowedOrigins.addAll(allowedOrigins);
        b.signingKeys = signingKeys;
        b.tracking = tracking;
        b.signals = signals;
        b.consentLogPersonal.addAll(consentLogPersonal);
        b.csp = csp;
        b.catalogs.addAll(catalogs);
        return b;
    }

    public ConsentPolicy policy() {
        return policy;
    }

    /** Name of the signed consent cookie. */
    public String cookieName() {
        return cookieName;
    }

    public SecureCookies secureCookies() {
        return secureCookies;
    }

    /** Domains refused cookies are also expired for, when the request host is the domain or below it. */
    public List<String> cookieDomains() {
        return cookieDomains;
    }

    /** Paths refused cookies are expired for; {@code /} by default. */
    public List<String> cookiePaths() {
        return cookiePaths;
    }

    /** Most refused-cookie expiry headers added to one response. */
    public int maxExpiryHeaders() {
        return maxExpiryHeaders;
    }

    /** Path of the consent endpoint, relative to the context path. */
    public String endpointPath() {
        return endpointPath;
    }

    /** Origins ({@code https://host[:port]}) besides the request's own that may post consent. */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** Keys given in configuration; empty when they come from the environment. */
    public Optional<SigningKeys> signingKeys() {
        return signingKeys;
    }

    /** What is recorded about each request; {@link TrackingConfig#defaults()} unless set. */
    public TrackingConfig tracking() {
        return tracking;
    }

    /**
     * Which personal fields besides the page go into each consent record: {@code ip} (minimised as the tracking
     * configuration says) and {@code browser} (its summary); none by default.
     */
    public Set<String> consentLogPersonal() {
        return consentLogPersonal;
    }

    /** Which consent signals are read besides the consent cookie; {@link SignalsConfig#defaults()} unless set. */
    public SignalsConfig signals() {
        return signals;
    }

    /** The Content-Security-Policy the filter sends; {@link CspConfig#defaults()} unless set. */
    public CspConfig csp() {
        return csp;
    }

    /**
     * Catalogs of known cookies asked, in order, for names the policy's categories do not match; none unless set.
     */
    public List<CookieCatalog> catalogs() {
        return catalogs;
    }

    /**
     * Browsers drop a {@code __Host-}/{@code __Secure-} cookie set without {@code Secure} (RFC 6265bis §4.1.3) and
     * match the prefixes in any case, so "auto" would silently lose every choice made over plain HTTP.
     */
    static String checkCookiePrefix(String cookieName, SecureCookies secure) {
        String lower = cookieName.toLowerCase(Locale.ROOT);
        if ((lower.startsWith("__host-") || lower.startsWith("__secure-")) && secure != SecureCookies.ALWAYS) {
            throw new IllegalArgumentException("consent cookie '" + cookieName + "' has the "
                    + cookieName.substring(0, cookieName.indexOf('-') + 1) + " prefix, which browsers accept only"
                    + " with Secure: set secure to \"always\"");
        }
        return cookieName;
    }

    /**
     * Builds a {@link ConsentGateConfig}. Each setter validates at once, naming the setting and the bad value;
     * {@link #build()} does not change the builder. Not thread-safe.
     */
    public static final class Builder {
        private ConsentPolicy policy = ConsentPolicy.builder().build();
        private String cookieName = DEFAULT_COOKIE_NAME;
        private SecureCookies secureCookies = SecureCookies.AUTO;
        private final List<String> cookieDomains = new ArrayList<>();
        private final List<String> cookiePaths = new ArrayList<>(List.of("/"));
        private int maxExpiryHeaders = DEFAULT_MAX_EXPIRY_HEADERS;
        private String endpointPath = DEFAULT_ENDPOINT_PATH;
        private final List<String> allowedOrigins = new ArrayList<>();
        private Optional<SigningKeys> signingKeys = Optional.empty();
        private TrackingConfig tracking = TrackingConfig.defaults();
        private SignalsConfig signals = SignalsConfig.defaults();
        private final Set<String> consentLogPersonal = new java.util.TreeSet<>();
        private CspConfig csp = CspConfig.defaults();
        private final List<CookieCatalog> catalogs = new ArrayList<>();

        private Builder() {
        }

        public Builder policy(ConsentPolicy policy) {
            this.policy = requireNonNull(policy, "policy");
            return this;
        }

        /** Name of the consent cookie, an RFC 6265 token of at most 64 characters. */
        public Builder cookieName(String name) {
            requireNonNull(name, "cookieName");
            if (!TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException("cookieName must be an RFC 6265 token of 1 to 64 characters, got '"
                        + name + "'");
            }
            this.cookieName = name;
            return this;
        }

        public Builder secureCookies(SecureCookies secure) {
            this.secureCookies = requireNonNull(secure, "secureCookies");
            return this;
        }

        /** Replaces the cookie domains, such as {@code example.com} (no leading dot, lower case). */
        public Builder cookieDomains(List<String> domains) {
            requireNonNull(domains, "cookieDomains");
            List<String> checked = new ArrayList<>();
            for (String d : domains) {
                requireNonNull(d, "cookieDomains entry");
                String domain = d.startsWith(".") ? d.substring(1) : d;
                domain = domain.toLowerCase(Locale.ROOT);
                if (domain.length() > 253 || !DOMAIN.matcher(domain).matches()) {
                    throw new IllegalArgumentException("cookieDomains entry must be a host name such as example.com,"
                            + " got '" + d + "'");
                }
                checked.add(domain);
            }
            cookieDomains.clear();
            cookieDomains.addAll(checked);
            return this;
        }

        /** Replaces the paths refused cookies are expired for; each starts with {@code /}. */
        public Builder cookiePaths(List<String> paths) {
            requireNonNull(paths, "cookiePaths");
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("cookiePaths must name at least one path, such as /");
            }
            for (String p : paths) {
                requireNonNull(p, "cookiePaths entry");
                if (!p.startsWith("/") || p.chars().anyMatch(c -> c <= 0x20 || c == ';' || c >= 0x7f)) {
                    throw new IllegalArgumentException("cookiePaths entry must start with / and contain no spaces,"
                            + " semicolons or control characters, got '" + p + "'");
                }
            }
            cookiePaths.clear();
            cookiePaths.addAll(paths);
            return this;
        }

        /** Most expiry headers per response, 0 to 200. */
        public Builder maxExpiryHeaders(int max) {
            if (max < 0 || max > 200) {
                throw new IllegalArgumentException("maxExpiryHeaders must be between 0 and 200, got " + max);
            }
            this.maxExpiryHeaders = max;
            return this;
        }

        /** Path of the consent endpoint, such as {@code /consent}. */
        public Builder endpointPath(String path) {
            requireNonNull(path, "endpointPath");
            if (!path.matches("/[A-Za-z0-9._~/-]*") || path.endsWith("/") || path.contains("//")) {
                throw new IllegalArgumentException("endpointPath must be a path such as /consent, got '" + path + "'");
            }
            this.endpointPath = path;
            return this;
        }

        /** Replaces the extra origins allowed to post consent, each {@code scheme://host[:port]}. */
        public Builder allowedOrigins(List<String> origins) {
            requireNonNull(origins, "allowedOrigins");
            List<String> checked = new ArrayList<>();
            for (String o : origins) {
                requireNonNull(o, "allowedOrigins entry");
                checked.add(checkOrigin(o));
            }
            allowedOrigins.clear();
            allowedOrigins.addAll(checked);
            return this;
        }

        /** Keys to sign with; when not set, the filter reads {@value SigningKeys#ENVIRONMENT_VARIABLE}. */
        public Builder signingKeys(SigningKeys keys) {
            this.signingKeys = Optional.of(requireNonNull(keys, "signingKeys"));
            return this;
        }

        /** What is recorded about each request. */
        public Builder tracking(TrackingConfig tracking) {
            this.tracking = requireNonNull(tracking, "tracking");
            return this;
        }

        /**
         * Replaces the personal fields each consent record keeps besides the page: {@code ip}, {@code browser}.
         * Only what proving a decision needs; none by default.
         */
        public Builder consentLogPersonal(Set<String> fields) {
            requireNonNull(fields, "consentLogPersonal");
            for (String f : fields) {
                if (!"ip".equals(f) && !"browser".equals(f)) {
                    throw new IllegalArgumentException("consentLog.personal entries must be one of [ip, browser], got '"
                            + f + "'");
                }
            }
            consentLogPersonal.clear();
            consentLogPersonal.addAll(fields);
            return this;
        }

        /** Which consent signals are read besides the consent cookie, and how they map to categories. */
        public Builder signals(SignalsConfig signals) {
            this.signals = requireNonNull(signals, "signals");
            return this;
        }

        /** The Content-Security-Policy the filter sends. */
        public Builder csp(CspConfig csp) {
            this.csp = requireNonNull(csp, "csp");
            return this;
        }

        /**
         * Replaces the catalogs asked, in order, after the policy's own cookie rules, such as
         * {@code List.of(CookieCatalog.builtIn())}. The policy always wins over a catalog.
         */
        public Builder catalogs(List<CookieCatalog> catalogs) {
            requireNonNull(catalogs, "catalogs");
            catalogs.forEach(c -> requireNonNull(c, "catalogs entry"));
            this.catalogs.clear();
            this.catalogs.addAll(catalogs);
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException when a tracking field or a consent signal needs a category, other than
         *                                  the defaults, that the policy does not define
         */
        public ConsentGateConfig build() {
            checkCookiePrefix(cookieName, secureCookies);
            for (TrackingField field : TrackingField.values()) {
                String category = tracking.category(field);
                if (!category.equals(field.defaultCategory()) && !policy.categoryIds().contains(category)) {
                    throw new IllegalArgumentException("tracking field '" + field.jsonName() + "' needs category '"
                            + category + "', which the policy does not define");
                }
            }
            for (String category : signals.referencedCategories()) {
                if (!SignalsConfig.DEFAULT_CATEGORIES.contains(category) && !category.equals(ConsentCategory.NECESSARY)
                        && !policy.hasCategory(category)) {
                    throw new IllegalArgumentException("signals name category '" + category
                            + "', which the policy does not define");
                }
            }
            return new ConsentGateConfig(this);
        }

        private static String checkOrigin(String origin) {
            String bad = "allowedOrigins entry must be an origin such as https://www.example.com, got '" + origin
                    + "'";
            URI uri;
            try {
                uri = new URI(origin);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(bad, e);
            }
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException(bad);
            }
            return origin.toLowerCase(Locale.ROOT);
        }
    }
}
