package dev.consentgate.core.log;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.consent.ConsentDecision;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What a consent log is asked to keep, before it is given its place in the chain.
 *
 * @param personal personal field name ({@value #PAGE}, {@value #IP}, {@value #BROWSER}) to an already minimised
 *                 value
 */
public record LogEntry(
        Instant timestamp,
        UUID consentId,
        String action,
        Set<String> granted,
        Set<String> refused,
        int policyRevision,
        Optional<Instant> expiresAt,
        Optional<String> policyHash,
        Optional<String> language,
        Map<String, String> personal) {

    /** The page the choice was made on, without query. */
    public static final String PAGE = "page";
    /** The visitor's minimised IP address. */
    public static final String IP = "ip";
    /** The visitor's browser summary. */
    public static final String BROWSER = "browser";

    public LogEntry {
        requireNonNull(timestamp, "timestamp");
        requireNonNull(consentId, "consentId");
        requireNonNull(action, "action");
        granted = new TreeSet<>(granted);
        refused = new TreeSet<>(refused);
        requireNonNull(expiresAt, "expiresAt");
        requireNonNull(policyHash, "policyHash");
        requireNonNull(language, "language");
        personal = new TreeMap<>(personal);
    }

    /** The entry for a decision made at the consent endpoint. */
    public static LogEntry of(ConsentDecision decision) {
        Map<String, String> personal = new TreeMap<>();
        decision.pageUrl().ifPresent(p -> personal.put(PAGE, p));
        decision.ip().ifPresent(ip -> personal.put(IP, ip));
        decision.browser().ifPresent(b -> personal.put(BROWSER, b));
        return new LogEntry(decision.occurredAt(), decision.state().consentId().orElseThrow(),
                decision.action().jsonName(), decision.state().granted(), decision.refused(),
                decision.state().policyRevision(), decision.state().expiresAt(), decision.policyHash(),
                decision.language(), personal);
    }
}
