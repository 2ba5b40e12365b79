package dev.consentgate.servlet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.consentgate.core.catalog.CookieCatalog;
import dev.consentgate.core.config.ConsentGateConfig;
import dev.consentgate.core.consent.ConsentCookieCodec;
import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.consent.DecisionSource;
import dev.consentgate.core.cookie.CookieAccess;
import dev.consentgate.core.cookie.CookieClassifier;
import dev.consentgate.core.signal.ConsentResolver;
import dev.consentgate.core.signal.SignalRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decisions the filter and the endpoint share: resolving consent from the request's signals, whether a cookie
 * may pass, and the {@code Set-Cookie} headers the filter writes itself. Built once at filter init; immutable
 * apart from the bounded warn-once cache, a counter and the unclassified-cookie report, all thread-safe.
 */
final class Enforcer {

    private static final Logger log = LoggerFactory.getLogger(ConsentFilter.class);
    // RFC 6265 §5.1.1 sane-cookie-date, as RFC 1123 dates are.
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT";

    final ConsentGateConfig config;
    final ConsentCookieCodec codec;
    final CookieAccess access;
    final Clock clock;
    private final ConsentResolver resolver;
    private final Cache<String, Boolean> warnedNames = Caffeine.newBuilder().maximumSize(1_024).build();
    private final LongAdder unclassifiedFromClients = new LongAdder();
    private final UnclassifiedReport unclassified;

    Enforcer(ConsentGateConfig config, ConsentCookieCodec codec, String sessionCookieName, Clock clock,
            UnclassifiedReport unclassified) {
        this.config = config;
        this.unclassified = unclassified;
        this.codec = codec;
        this.clock = clock;
        Set<String> necessary = new HashSet<>(config.signals().consentManagerCookies());
        necessary.add(config.cookieName());
        necessary.add(sessionCookieName);
        CookieClassifier always = CookieClassifier.necessary(necessary);
        this.resolver = ConsentResolver.create(config.policy(), config.signals(), config.cookieName(), codec, clock);
        // The app's own rules first, then the catalogs: the configuration always overrides a catalog.
        CookieClassifier classifier = always.orElse(CookieClassifier.of(config.policy()));
        if (!config.catalogs().isEmpty()) {
            classifier = classifier.orElse(CookieCatalog.classifier(config.catalogs(), config.policy()));
        }
        this.access = CookieAccess.of(config.policy(), classifier);
    }

    /**
     * The visitor's consent from the signed cookie and the configured signals, in their precedence, with GPC
     * applied last; restricted to categories the policy defines; undecided when nothing decides.
     */
    ConsentState resolve(List<String> cookieHeaders, Function<String, String> headers) {
        // From the raw header: the signed cookie is found and verified in place, without splitting the header.
        String header = switch (cookieHeaders.size()) {
            case 0 -> null;
            case 1 -> cookieHeaders.get(0);
            default -> String.join("; ", cookieHeaders);
        };
        return resolver.resolve(header, headers);
    }

    /** A choice the visitor just made, with the overrides (GPC) this request carries applied. */
    ConsentState effective(ConsentState choice, List<CookieHeaders.Pair> cookies, Function<String, String> headers) {
        return resolver.override(choice, signals(cookies, headers));
    }

    /** Whether this request's Global Privacy Control signal is honoured. */
    boolean gpc(List<CookieHeaders.Pair> cookies, Function<String, String> headers) {
        return resolver.overriding(signals(cookies, headers)).contains(DecisionSource.GPC);
    }

    private static SignalRequest signals(List<CookieHeaders.Pair> cookies, Function<String, String> headers) {
        List<SignalRequest.RawCookie> raw = new ArrayList<>(cookies.size());
        for (CookieHeaders.Pair pair : cookies) {
            raw.add(new SignalRequest.RawCookie(pair.name(), pair.value()));
        }
        return SignalRequest.of(raw, headers);
    }

    /** Whether the app may set a cookie of this name; drops are logged with name and category, never the value. */
    boolean allowSet(String name, ConsentState state, String api) {
        Optional<String> category = access.categoryOf(name);
        if (category.isEmpty()) {
            unclassified.setByApp(name);
        }
        if (access.isAllowed(name, state)) {
            return true;
        }
        if (category.isEmpty() && warnedNames.asMap().putIfAbsent(name, Boolean.TRUE) == null) {
            log.warn("the app set cookie '{}', which matches no consent category; it is blocked until every category"
                    + " is granted. Add it to a category in the configuration", printable(name));
        }
        if (log.isDebugEnabled()) {
            log.debug("dropped cookie '{}' ({}) set through {}: category {} is not granted", printable(name),
                    category.orElse("unclassified"), api, category.orElse("unclassified"));
        }
        return false;
    }

    /** Whether the app may see a cookie the visitor sent. */
    boolean allowRead(String name, ConsentState state) {
        return access.isAllowed(name, state);
    }

    /** Counts the unclassified names a visitor sent; never logged one by one, since clients choose them. */
    void countUnclassified(List<CookieHeaders.Pair> cookies) {
        for (CookieHeaders.Pair pair : cookies) {
            if (access.categoryOf(pair.name()).isEmpty()) {
                unclassifiedFromClients.increment();
                unclassified.sentByClient(pair.name());
            }
        }
    }

    long unclassifiedFromClients() {
        return unclassifiedFromClients.sum();
    }

    /**
     * {@code Set-Cookie} headers that expire the visitor's cookies of categories {@code state} does not grant:
     * host-only and for each configured domain the request host belongs to, for each configured path, at most
     * {@code maxExpiryHeaders}.
     */
    List<String> expiryHeaders(List<CookieHeaders.Pair> cookies, ConsentState state, HttpServletRequest request) {
        int max = config.maxExpiryHeaders();
        if (max == 0 || cookies.isEmpty()) {
            return List.of();
        }
        // Made on the first cookie that must go: on most page views none does, and this runs on every one.
        List<String> headers = null;
        Set<String> done = null;
        List<String> domains = null;
        for (CookieHeaders.Pair pair : cookies) {
            String name = pair.name();
            if (name.isEmpty() || !access.mustExpire(name, state) || !isToken(name)) {
                continue;
            }
            if (headers == null) {
                headers = new ArrayList<>();
                done = new HashSet<>();
                domains = domainsOf(request.getServerName());
            }
            if (!done.add(name)) {
                continue;
            }
            boolean secure = request.isSecure() || name.startsWith("__Secure-") || name.startsWith("__Host-");
            for (String path : config.cookiePaths()) {
                if (!add(headers, expiry(name, path, null, secure), max)) {
                    return headers;
                }
                // RFC 6265bis §4.1.3.2: __Host- cookies are host-only with Path=/, so no domain variants exist.
                if (name.startsWith("__Host-")) {
                    continue;
                }
                for (String domain : domains) {
                    if (!add(headers, expiry(name, path, domain, secure), max)) {
                        return headers;
                    }
                }
            }
        }
        return headers == null ? List.of() : headers;
    }

    /** The {@code Set-Cookie} header carrying a consent cookie value. */
    String consentCookie(String value, Instant expiresAt, HttpServletRequest request) {
        long maxAge = Math.max(0, expiresAt.getEpochSecond() - clock.instant().getEpochSecond());
        StringBuilder header = new StringBuilder(config.cookieName()).append('=').append(value)
                .append("; Max-Age=").append(maxAge)
                .append("; Expires=").append(HTTP_DATE.format(expiresAt))
                .append("; Path=/; SameSite=Lax; HttpOnly");
        if (secure(request)) {
            header.append("; Secure");
        }
        return header.toString();
    }

    private boolean secure(HttpServletRequest request) {
        return switch (config.secureCookies()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> request.isSecure();
        };
    }

    private List<String> domainsOf(String host) {
        if (config.cookieDomains().isEmpty() || host == null) {
            return List.of();
        }
        String h = host.toLowerCase(Locale.ROOT);
        List<String> matching = new ArrayList<>();
        for (String domain : config.cookieDomains()) {
            if (h.equals(domain) || h.endsWith("." + domain)) {
                matching.add(domain);
            }
        }
        return matching;
    }

    private static boolean add(List<String> headers, String header, int max) {
        if (headers.size() >= max) {
            return false;
        }
        headers.add(header);
        return true;
    }

    private static String expiry(String name, String path, String domain, boolean secure) {
        return name + "=; Max-Age=0; Expires=" + EPOCH + "; Path=" + path + (domain == null ? "" : "; Domain=" + domain)
                + (secure ? "; Secure" : "");
    }

    /** Only names that are RFC 6265 tokens are echoed in headers we write; anything else could inject attributes. */
    private static boolean isToken(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Cookie names in log lines: bounded and without control characters (CWE-117). */
    static String printable(String name) {
        StringBuilder b = new StringBuilder(Math.min(name.length(), 64));
        for (int i = 0; i < name.length() && i < 64; i++) {
            char c = name.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return name.length() > 64 ? b.append("...").toString() : b.toString();
    }
}
