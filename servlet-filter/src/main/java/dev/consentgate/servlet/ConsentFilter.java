package dev.consentgate.servlet;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.config.ConfigException;
import dev.consentgate.core.config.ConfigLoader;
import dev.consentgate.core.config.ConsentGateConfig;
import dev.consentgate.core.consent.ConsentCookieCodec;
import dev.consentgate.core.consent.ConsentListener;
import dev.consentgate.core.consent.ConsentRecorder;
import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.consent.SigningKeys;
import dev.consentgate.core.csp.CspMode;
import dev.consentgate.core.tracking.TrackingRecorder;
import dev.consentgate.core.tracking.TrackingSink;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

/**
 * Enforces cookie consent on the server: cookies of categories the visitor has not granted are never set, never
 * seen by the app, and expired when consent is withdrawn.
 *
 * <p>For each HTTP request it:
 * <ol>
 *   <li>serves {@code /.well-known/gpc.json} itself while Global Privacy Control is honoured;</li>
 *   <li>resolves the visitor's consent from the signed consent cookie, then the configured signals in their
 *       precedence (a TC string, other consent managers' cookies), and applies Global Privacy Control last, which
 *       can only refuse: anything missing, forged, expired, malformed or of an older policy revision means
 *       undecided, that is necessary cookies only (fail closed);</li>
 *   <li>exposes it as the request attribute {@value ConsentGate#ATTRIBUTE} and through
 *       {@link ConsentGate#consent};</li>
 *   <li>serves the consent endpoint ({@code /consent} by default) itself, without calling the app, and the banner
 *       below it: {@code banner.js}, {@code banner.css} and {@code banner.json} (see {@link ConsentTags});</li>
 *   <li>marks the response {@code Vary: Cookie} and, unless the app sets one, {@code Cache-Control: private};</li>
 *   <li>unless configured off, sends a Content-Security-Policy (or its report-only form): the configured baseline
 *       plus the hosts of the categories the visitor granted and a fresh nonce, which it exposes as the request
 *       attribute {@value ConsentTags#NONCE_ATTRIBUTE}; a header of the same name that the app sets replaces
 *       it;</li>
 *   <li>expires the visitor's cookies of categories that are not granted ({@code Max-Age=0}, host-only and for
 *       each configured domain);</li>
 *   <li>hands the app a request that hides cookies of categories not granted, and a response that drops them
 *       however they are set ({@code addCookie}, {@code addHeader}/{@code setHeader("Set-Cookie")});</li>
 *   <li>once the app is done with the response (for async requests, when the async context completes), hands a
 *       tracking record to the {@link TrackingSink}: time, method, route, status and latency, and each personal
 *       field (IP, browser, referrer, path, ad parameters) only when the visitor granted its category, minimised;
 *       not for the consent endpoint, paths the configuration skips, or other dispatches of the same request.</li>
 * </ol>
 *
 * <p>Map it to {@code /*} for the {@code REQUEST}, {@code ASYNC} and {@code ERROR} dispatcher types, after any
 * filter that applies proxy headers (Tomcat's {@code RemoteIpFilter}, Spring's {@code ForwardedHeaderFilter}) and
 * before the app and anything else that sets cookies. Non-HTTP requests pass through untouched. Register it with
 * async support: the consent endpoint then waits for the recorder's {@code fsync} in an asynchronous request instead
 * of a parked request thread (without it, it waits in the request thread, as it did before).
 *
 * <table>
 *   <caption>Init-params (web.xml); any other init-param is an error</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #CONFIG_PARAM}</td><td>{@value #DEFAULT_CONFIG}</td>
 *       <td>the JSON configuration: a file path or a {@code classpath:} resource</td></tr>
 * </table>
 *
 * <p>Signing keys come from the configuration or the environment variable {@value
 * SigningKeys#ENVIRONMENT_VARIABLE} ({@code keyId:base64} list, newest first); without either, {@code init} fails.
 *
 * <p>Immutable after {@link #init}; thread-safe.
 */
public final class ConsentFilter implements Filter {

    /** Init-param naming the JSON configuration. */
    public static final String CONFIG_PARAM = "config";
    /** Where the configuration is read from when the init-param is absent. */
    public static final String DEFAULT_CONFIG = "classpath:consentgate.json";
    private static final String CLASSPATH = "classpath:";

    private final Builder preset;
    private final String guard = ConsentFilter.class.getName() + ".FILTERED@" + Integer.toHexString(hashCode());
    private final UnclassifiedReport unclassified = new UnclassifiedReport();
    private volatile Enforcer enforcer;
    private volatile ConsentEndpoint endpoint;
    private volatile RequestTracking tracking;
    private volatile GpcResource gpcResource;
    private volatile Banner banner;
    private volatile Csp csp;

    /** For containers: configured from the init-param {@value #CONFIG_PARAM} at {@link #init}. */
    public ConsentFilter() {
        this.preset = null;
    }

    private ConsentFilter(Builder preset) {
        this.preset = preset;
    }

    /** A builder for registering the filter from code ({@code ServletContext.addFilter}, Spring). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        Enumeration<String> params = filterConfig.getInitParameterNames();
        while (params != null && params.hasMoreElements()) {
            String param = params.nextElement();
            if (preset != null) {
                throw new ServletException("init-param '" + param + "' is not allowed: this ConsentFilter was"
                        + " configured with ConsentFilter.builder()");
            }
            if (!param.equals(CONFIG_PARAM)) {
                throw new ServletException("unknown init-param '" + param + "', expected one of [" + CONFIG_PARAM
                        + "]");
            }
        }
        Builder settings = preset != null ? preset : new Builder()
                .config(load(filterConfig.getInitParameter(CONFIG_PARAM), filterConfig));
        SigningKeys keys = settings.config.signingKeys().or(() -> SigningKeys.fromEnvironment(settings.environment))
                .orElseThrow(() -> new ServletException("no signing key: set " + SigningKeys.ENVIRONMENT_VARIABLE
                        + " to keyId:base64 (at least 32 random bytes), or give signing keys in the configuration"));
        // Jetty answers null here when the context has no session handler.
        SessionCookieConfig sessions = filterConfig.getServletContext().getSessionCookieConfig();
        String sessionCookie = sessions == null ? null : sessions.getName();
        Enforcer e = new Enforcer(settings.config, ConsentCookieCodec.create(keys, settings.clock),
                sessionCookie == null ? "JSESSIONID" : sessionCookie, settings.clock, unclassified);

        this.gpcResource = settings.config.signals().gpc() ? new GpcResource(settings.config.signals()) : null;
        this.tracking = new RequestTracking(TrackingRecorder.create(settings.config.tracking(),
                settings.trackingSink), settings.clock);
        this.endpoint = new ConsentEndpoint(e, settings.recorder, settings.listeners, tracking);
        try {
            this.banner = new Banner(settings.config);
        } catch (IllegalArgumentException ex) {
            throw new ServletException(ex.getMessage(), ex);
        }
        this.csp = new Csp(settings.config);
        this.enforcer = e;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Enforcer e = enforcer;
        if (e == null) {
            throw new IllegalStateException("ConsentFilter.doFilter called before init");
        }
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)
                || req.getAttribute(guard) != null
                || alreadyWrapped(req, res)) {
            // Not HTTP, or already filtered: a forward/include inside this request, or an async dispatch whose
            // context still holds this filter's wrappers.
            chain.doFilter(request, response);
            return;
        }
        req.setAttribute(guard, Boolean.TRUE);
        try {
            filter(req, res, chain, e);
        } finally {
            req.removeAttribute(guard);
        }
    }

    private void filter(HttpServletRequest req, HttpServletResponse res, FilterChain chain, Enforcer e)
            throws IOException, ServletException {
        String path = pathOf(req);
        GpcResource gpc = gpcResource;
        if (gpc != null && req.getDispatcherType() == DispatcherType.REQUEST && GpcResource.PATH.equals(path)) {
            gpc.serve(req, res);
            return;
        }
        Enumeration<String> headers = req.getHeaders("Cookie");
        List<String> cookieHeaders = headers == null ? List.of() : Collections.list(headers);
        ConsentState state = e.resolve(cookieHeaders, req::getHeader);
        List<CookieHeaders.Pair> cookies = CookieHeaders.parseAll(cookieHeaders);
        req.setAttribute(ConsentGate.ATTRIBUTE, state);
        req.setAttribute(Banner.ATTRIBUTE, banner);
        ConsentResponse wrapped = new ConsentResponse(res, e, state);
        if (req.getDispatcherType() == DispatcherType.REQUEST && path.equals(e.config.endpointPath())) {
            endpoint.handle(req, wrapped, state, cookies);
            return;
        }
        if (req.getDispatcherType() == DispatcherType.REQUEST && banner.serve(path, req, wrapped, state)) {
            return;
        }
        wrapped.writeCachingHeaders();
        if (csp.mode() != CspMode.OFF) {
            String nonce = csp.nonce();
            req.setAttribute(ConsentTags.NONCE_ATTRIBUTE, nonce);
            wrapped.writeDefaultCsp(csp.mode().headerName(), csp.header(state, nonce));
        }
        if (req.getDispatcherType() == DispatcherType.REQUEST) {
            e.countUnclassified(cookies);
            e.expiryHeaders(cookies, state, req).forEach(wrapped::addOwnCookie);
        }
        tracking.around(req, res, state, path, () -> chain.doFilter(new ConsentRequest(req, e, state, wrapped), wrapped));
    }

    /** How many cookies with names no category covers visitors have sent since init; never logged by name. */
    public long unclassifiedCookiesReceived() {
        Enforcer e = enforcer;
        return e == null ? 0 : e.unclassifiedFromClients();
    }

    /**
     * The cookie names no category covers that the app set or visitors sent since init, with counts: what to add
     * to the configuration. Bounded; for admins only, since visitors choose the names they send.
     */
    public UnclassifiedReport unclassifiedCookies() {
        return unclassified;
    }

    @Override
    public void destroy() {
        // Nothing to release: the recorder belongs to whoever built it.
    }

    private static boolean alreadyWrapped(ServletRequest req, ServletResponse res) {
        boolean request = false;
        for (ServletRequest r = req; r != null && !request;
                r = r instanceof ServletRequestWrapper w ? w.getRequest() : null) {
            request = r instanceof ConsentRequest;
        }
        boolean response = false;
        for (ServletResponse r = res; r != null && !response;
                r = r instanceof ServletResponseWrapper w ? w.getResponse() : null) {
            response = r instanceof ConsentResponse;
        }
        return request && response;
    }

    /** The request's path inside the context, decoded and normalised by the container. */
    static String pathOf(HttpServletRequest req) {
        String servletPath = req.getServletPath();
        String pathInfo = req.getPathInfo();
        return (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    }

    private static ConsentGateConfig load(String location, FilterConfig filterConfig) throws ServletException {
        String where = location == null || location.isBlank() ? DEFAULT_CONFIG : location.strip();
        try {
            if (!where.startsWith(CLASSPATH)) {
                return ConfigLoader.load(Path.of(where));
            }
            String resource = where.substring(CLASSPATH.length()).replaceFirst("^/", "");
            ClassLoader loader = filterConfig.getServletContext().getClassLoader();
            try (InputStream in = (loader != null ? loader : ConsentFilter.class.getClassLoader())
                    .getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ServletException("configuration " + where + " not found; set the init-param '"
                            + CONFIG_PARAM + "' to a file path or classpath: resource");
                }
                return ConfigLoader.load(in, where);
            }
        } catch (ConfigException ex) {
            throw new ServletException(ex.getMessage(), ex);
        } catch (IOException ex) {
            throw new ServletException("cannot read configuration " + where + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Configures a {@link ConsentFilter} from code; the result still gets {@link #init} from its container. Setters
     * validate at once. Not thread-safe.
     */
    public static final class Builder {
        private ConsentGateConfig config;
        private ConsentRecorder recorder = ConsentRecorder.slf4j();
        private final List<ConsentListener> listeners = new ArrayList<>();
        private TrackingSink trackingSink = TrackingSink.slf4j();
        private Clock clock = Clock.systemUTC();
        private Map<String, String> environment = System.getenv();

        private Builder() {
        }

        /** The configuration; required (or {@link #configFile}). */
        public Builder config(ConsentGateConfig config) {
            this.config = requireNonNull(config, "config");
            return this;
        }

        /**
         * Reads the configuration from a JSON file now.
         *
         * @throws ConfigException naming the file, the JSON path and the problem
         */
        public Builder configFile(Path file) {
            return config(ConfigLoader.load(requireNonNull(file, "configFile")));
        }

        /** Where each decision is kept before it takes effect; default {@link ConsentRecorder#slf4j()}. */
        public Builder recorder(ConsentRecorder recorder) {
            this.recorder = requireNonNull(recorder, "recorder");
            return this;
        }

        /** Adds an observer of recorded decisions. */
        public Builder listener(ConsentListener listener) {
            listeners.add(requireNonNull(listener, "listener"));
            return this;
        }

        /** Where tracking records go; default {@link TrackingSink#slf4j()}. */
        public Builder trackingSink(TrackingSink sink) {
            this.trackingSink = requireNonNull(sink, "trackingSink");
            return this;
        }

        /** The clock consent and tracking times are read from; the system UTC clock by default. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /** Where {@value SigningKeys#ENVIRONMENT_VARIABLE} is read from; the process environment by default. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(requireNonNull(environment, "environment"));
            return this;
        }

        /** The filter, to register with the container. */
        public ConsentFilter build() {
            if (config == null) {
                throw new IllegalStateException("config is required: call config(...) or configFile(...)");
            }
            Builder copy = new Builder();
            copy.config = config;
            copy.recorder = recorder;
            copy.listeners.addAll(listeners);
            copy.trackingSink = trackingSink;
            copy.clock = clock;
            copy.environment = environment;
            return new ConsentFilter(copy);
        }
    }
}
