package dev.consentgate.core.signal;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.consent.ConsentCookieCodec;
import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.consent.DecisionSource;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a visitor's consent from every configured signal.
 *
 * <ol>
 *   <li>The sources are asked in their precedence; the first that decides wins. By default: the filter's own signed
 *       cookie, then the TC string, then other consent managers' cookies (Cookiebot, OneTrust, cookieconsent, Klaro,
 *       tarteaucitron), each only if enabled.</li>
 *   <li>A decision keeps only the categories the policy defines, so no source can grant a category the site never
 *       asked about; what a source does not grant is refused.</li>
 *   <li>Overrides are applied last and can only refuse: Global Privacy Control ({@code Sec-GPC: 1}) takes away its
 *       categories from whatever decided, the visitor's own choice included, and never grants.</li>
 *   <li>Nothing decided means undecided: necessary only.</li>
 * </ol>
 *
 * <p>A source that throws counts as no decision (logged at WARN once per source, with the exception's class only,
 * never its message or any value).
 * Immutable and thread-safe.
 */
public final class ConsentResolver {

    private static final Logger log = LoggerFactory.getLogger(ConsentResolver.class);

    private final ConsentPolicy policy;
    private final List<Function<SignalRequest, Optional<ConsentState>>> steps;
    private final List<ConsentSource> overrides;
    // The first step when it is the signed cookie, read straight from the raw header; else null.
    private final SignedCookieSource ownFirst;
    private final WithinPolicy ownWithin;
    private final Set<Object> warned = ConcurrentHashMap.newKeySet();
    private final ConsentState undecided;

    private ConsentResolver(Builder b) {
        this.policy = b.policy;
        this.ownFirst = b.ownFirst;
        this.ownWithin = b.ownWithin;
        this.undecided = ConsentState.undecided(b.policy.revision());
        this.steps = List.copyOf(b.steps);
        this.overrides = List.copyOf(b.overrides);
    }

    /**
     * The resolver the configuration describes: the signed cookie {@code ownCookieName} read with {@code codec}, the
     * enabled sources in {@link SignalsConfig#precedence()}, and GPC as an override when on.
     */
    public static ConsentResolver create(ConsentPolicy policy, SignalsConfig signals, String ownCookieName,
            ConsentCookieCodec codec, Clock clock) {
        requireNonNull(signals, "signals");
        requireNonNull(clock, "clock");
        Builder b = builder(policy);
        for (String name : signals.precedence()) {
            if (name.equals(SignalsConfig.OWN_COOKIE)) {
                b.signedCookie(ownCookieName, codec);
            } else if (name.equals(SignalsConfig.TCF)) {
                if (signals.tcf()) {
                    b.source(ConsentSource.tcf(signals.tcfCookieName(), signals.tcfPurposes(),
                            signals.tcfSpecialFeatures(), clock));
                }
            } else {
                ConsentManager m = ConsentManager.valueOf(name.toUpperCase(java.util.Locale.ROOT));
                SignalsConfig.ManagerSettings s = signals.manager(m);
                if (s.enabled()) {
                    b.source(ConsentSource.consentManager(m, s.cookieName(), s.mapping(), clock));
                }
            }
        }
        if (signals.gpc()) {
            b.override(ConsentSource.gpc(signals.gpcRefuses()));
        }
        return b.build();
    }

    /** A resolver to assemble by hand; the order of {@code signedCookie} and {@code source} calls is the precedence. */
    public static Builder builder(ConsentPolicy policy) {
        return new Builder(requireNonNull(policy, "policy"));
    }

    /** The visitor's consent: the first source that decides, restricted to the policy, with overrides applied. */
    public ConsentState resolve(SignalRequest request) {
        requireNonNull(request, "request");
        return resolveFrom(0, request);
    }

    /**
     * As {@link #resolve(SignalRequest)} for the request with the raw {@code Cookie} header {@code cookieHeader}
     * (null: none) and the header lookup {@code headers}, as {@link SignalRequest#ofCookieHeader} describes. This is
     * the filter's per-request call: when the signed cookie comes first and decides, and the overrides need only
     * headers (GPC), nothing is allocated for a repeat visitor, not even the {@link SignalRequest}.
     */
    public ConsentState resolve(String cookieHeader, Function<String, String> headers) {
        requireNonNull(headers, "headers");
        if (ownFirst == null) {
            return resolveFrom(0, SignalRequest.ofCookieHeader(cookieHeader, headers));
        }
        ConsentState result = own(cookieHeader);
        if (result == null) {
            return resolveFrom(1, SignalRequest.ofCookieHeader(cookieHeader, headers));
        }
        SignalRequest request = null;
        for (int i = 0; i < overrides.size(); i++) {
            ConsentSource o = overrides.get(i);
            Optional<SignalDecision> d;
            if (o instanceof GpcSource gpc) {
                d = decide(gpc, headers);
            } else {
                request = request != null ? request : SignalRequest.ofCookieHeader(cookieHeader, headers);
                d = decide(o, request);
            }
            if (d.isPresent()) {
                result = result.without(d.get().refused());
            }
        }
        return result;
    }

    private ConsentState resolveFrom(int first, SignalRequest request) {
        // Indexed loops here and below: this runs on every request, and an iterator is an allocation.
        for (int i = first; i < steps.size(); i++) {
            Optional<ConsentState> state = guarded(steps.get(i), request);
            if (state.isPresent()) {
                return override(state.get(), request);
            }
        }
        return override(undecided, request);
    }

    /** {@code state} with the overrides applied, for a choice the visitor just made. */
    public ConsentState override(ConsentState state, SignalRequest request) {
        requireNonNull(state, "state");
        requireNonNull(request, "request");
        ConsentState result = state;
        for (int i = 0; i < overrides.size(); i++) {
            Optional<SignalDecision> d = decide(overrides.get(i), request);
            if (d.isPresent()) {
                result = result.without(d.get().refused());
            }
        }
        return result;
    }

    /** The overrides that refuse something in this request, such as {@link DecisionSource#GPC}. */
    public List<DecisionSource> overriding(SignalRequest request) {
        requireNonNull(request, "request");
        List<DecisionSource> found = new ArrayList<>(1);
        for (ConsentSource o : overrides) {
            decide(o, request).ifPresent(d -> found.add(d.source()));
        }
        return found;
    }

    /** The signed cookie's state restricted to the policy, as the first step gives it; null for none. */
    private ConsentState own(String cookieHeader) {
        try {
            ConsentState s = ownFirst.newest(cookieHeader);
            return s == null || ownWithin.test(s.granted()) ? s : restricted(policy, s);
        } catch (RuntimeException e) {
            failed(ownFirst, e);
            return null;
        }
    }

    private <T> Optional<ConsentState> guarded(Function<T, Optional<ConsentState>> step, T request) {
        try {
            Optional<ConsentState> result = step.apply(request);
            return result == null ? Optional.empty() : result;
        } catch (RuntimeException e) {
            return failed(step, e);
        }
    }

    private Optional<SignalDecision> decide(GpcSource gpc, Function<String, String> headers) {
        try {
            return gpc.decide(headers);
        } catch (RuntimeException e) {
            return failed(gpc, e);
        }
    }

    private Optional<SignalDecision> decide(ConsentSource source, SignalRequest request) {
        try {
            Optional<SignalDecision> result = source.decide(request);
            return result == null ? Optional.empty() : result;
        } catch (RuntimeException e) {
            return failed(source, e);
        }
    }

    private <T> Optional<T> failed(Object key, RuntimeException e) {
        if (warned.size() < 64 && warned.add(key)) {
            log.warn("a consent source failed ({}); counted as no decision", e.getClass().getName());
        } else {
            log.debug("a consent source failed ({}); counted as no decision", e.getClass().getName());
        }
        return Optional.empty();
    }

    /** An external decision as a state: only the policy's categories, nothing it refuses. */
    private static ConsentState external(ConsentPolicy policy, SignalDecision d) {
        Set<String> granted = new HashSet<>(d.granted());
        granted.retainAll(policy.categoryIds());
        granted.removeAll(d.refused());
        granted.remove(ConsentCategory.NECESSARY);
        DecisionSource source = d.source().equals(DecisionSource.DEFAULT) || d.source().isOwn()
                ? DecisionSource.of("external") : d.source();
        return ConsentState.external(granted, policy.revision(), source);
    }

    /** Our own state without categories the policy no longer defines. */
    private static ConsentState restricted(ConsentPolicy policy, ConsentState s) {
        if (s.granted().size() == 1 || policy.categoryIds().containsAll(s.granted())) {
            return s;
        }
        Set<String> unknown = new HashSet<>(s.granted());
        unknown.removeAll(policy.categoryIds());
        return s.without(unknown);
    }

    /** Assembles a {@link ConsentResolver}. Not thread-safe. */
    public static final class Builder {
        private final ConsentPolicy policy;
        private final List<Function<SignalRequest, Optional<ConsentState>>> steps = new ArrayList<>();
        private final List<ConsentSource> overrides = new ArrayList<>();
        private SignedCookieSource ownFirst;
        private WithinPolicy ownWithin;

        private Builder(ConsentPolicy policy) {
            this.policy = policy;
        }

        /** Next in precedence: the filter's own signed cookie. */
        public Builder signedCookie(String cookieName, ConsentCookieCodec codec) {
            SignedCookieSource own = new SignedCookieSource(requireNonNull(cookieName, "cookieName"),
                    requireNonNull(codec, "codec"), policy.revision());
            WithinPolicy within = new WithinPolicy(policy);
            Function<Optional<ConsentState>, Optional<ConsentState>> restrict = found ->
                    found.isEmpty() || within.test(found.get().granted()) ? found
                            : Optional.of(restricted(policy, found.get()));
            if (steps.isEmpty()) {
                ownFirst = own;
                ownWithin = within;
            }
            steps.add(request -> restrict.apply(own.resolve(request)));
            return this;
        }

        /** Next in precedence: {@code source}. */
        public Builder source(ConsentSource source) {
            requireNonNull(source, "source");
            steps.add(request -> source.decide(request).map(d -> external(policy, d)));
            return this;
        }

        /** An override, applied after whatever decided: only its refusals count. */
        public Builder override(ConsentSource source) {
            overrides.add(requireNonNull(source, "source"));
            return this;
        }

        public ConsentResolver build() {
            return new ConsentResolver(this);
        }
    }
}
