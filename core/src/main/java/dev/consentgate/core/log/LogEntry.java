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
        action = wellFormed(requireNonNull(action, "action"));
        granted = new TreeSet<>(granted);
        refused = new TreeSet<>(refused);
        requireNonNull(expiresAt, "expiresAt");
        policyHash = requireNonNull(policyHash, "policyHash").map(LogEntry::wellFormed);
        language = requireNonNull(language, "language").map(LogEntry::wellFormed);
        personal = new TreeMap<>(personal);
        personal.replaceAll((name, value) -> wellFormed(value));
    }

    /**
     * {@code s} with each lone UTF-16 surrogate replaced by U+FFFD. A record must read back as it was written, and
     * JSON parsers refuse an escaped lone surrogate (RFC 8785 text is I-JSON, RFC 7493 §2.1), so such a record could
     * be written but never verified.
     */
    static String wellFormed(String s) {
        int i = 0;
        while (i < s.length() && !Character.isSurrogate(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else {
                b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return b.toString();
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
