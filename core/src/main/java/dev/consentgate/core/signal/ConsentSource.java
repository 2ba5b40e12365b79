package dev.consentgate.core.signal;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.consent.DecisionSource;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a visitor's consent from one signal of a request: another consent manager's cookie, a TC string, a privacy
 * header.
 *
 * <p>"Not mine, ask the next one": a source that finds nothing to read, or finds it malformed, answers empty, and
 * {@link #firstDecided} and {@link #orElse} chain sources so the first that decides wins. The
 * {@link ConsentResolver} runs the configured sources in their precedence.
 *
 * <p>Implementations read client input, so they must fail closed: a missing, malformed, truncated, oversized or
 * ambiguous value answers empty (never an exception, never a grant), and nothing of the value goes into a log line.
 * They must be thread-safe and cheap: the filter asks on every request. The resolver guards against a source that
 * throws all the same, counting it as no decision.
 */
@FunctionalInterface
public interface ConsentSource {

    /** The decision this source reads from the request, or empty when it has none. */
    Optional<SignalDecision> decide(SignalRequest request);

    /** This source, then {@code next} when this one has no decision. */
    default ConsentSource orElse(ConsentSource next) {
        requireNonNull(next, "next");
        return request -> {
            Optional<SignalDecision> mine = decide(request);
            return mine.isPresent() ? mine : next.decide(request);
        };
    }

    /** The decision of the first source that has one, asking them in order. */
    static ConsentSource firstDecided(ConsentSource... sources) {
        List<ConsentSource> all = List.of(requireNonNull(sources, "sources"));
        return request -> {
            for (ConsentSource s : all) {
                Optional<SignalDecision> decision = s.decide(request);
                if (decision.isPresent()) {
                    return decision;
                }
            }
            return Optional.empty();
        };
    }

    /** A source that never decides. */
    static ConsentSource none() {
        return request -> Optional.empty();
    }

    /**
     * Global Privacy Control: a request with {@code Sec-GPC: 1} refuses {@code refused} (typically
     * {@code advertising}, the sale and sharing of personal data). Never grants anything.
     */
    static ConsentSource gpc(Set<String> refused) {
        return new GpcSource(refused);
    }

    /**
     * An IAB TCF v2 TC string in the cookie {@code cookieName}, decoded with IAB's own decoder. A category is granted
     * when every purpose it maps to has consent (legitimate interest never counts) and every special feature it
     * maps to is opted in; a TC string last updated more than 13 months before {@code clock}'s time is stale.
     *
     * @param purposes        category id → TCF purposes (1 to 11), each list including purpose 1
     * @param specialFeatures category id → TCF special features (1 and 2); may be empty
     */
    static ConsentSource tcf(String cookieName, Map<String, Set<Integer>> purposes,
            Map<String, Set<Integer>> specialFeatures, Clock clock) {
        return new TcfSource(cookieName, purposes, specialFeatures, clock);
    }

    /**
     * Another consent manager's cookie, called {@code cookieName}, with {@code mapping} from that manager's
     * category, group or service names to category ids (empty for {@link ConsentManager#COOKIECONSENT}: equal ids).
     * A category is granted when every name that maps to it has consent.
     */
    static ConsentSource consentManager(ConsentManager manager, String cookieName, Map<String, String> mapping,
            Clock clock) {
        requireNonNull(manager, "manager");
        CategoryMapping categories = new CategoryMapping(manager.source(), mapping);
        requireNonNull(cookieName, "cookieName");
        requireNonNull(clock, "clock");
        return switch (manager) {
            case COOKIEBOT -> new CookiebotSource(cookieName, categories);
            case ONETRUST -> new OneTrustSource(cookieName, categories);
            case COOKIECONSENT -> new CookieConsentSource(cookieName, categories, clock);
            case KLARO -> new KlaroSource(cookieName, categories);
            case TARTEAUCITRON -> new TarteaucitronSource(cookieName, categories);
        };
    }

    /** A source that always decides {@code granted}, for tests and fixed deployments. */
    static ConsentSource fixed(DecisionSource source, Set<String> granted) {
        Optional<SignalDecision> decision = Optional.of(new SignalDecision(source, granted, Set.of()));
        return request -> decision;
    }
}
