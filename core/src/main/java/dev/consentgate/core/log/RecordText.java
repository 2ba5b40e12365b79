package dev.consentgate.core.log;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes a record's hashed part in RFC 8785 canonical form by hand: the members are fixed, so their order is too
 * (sorted by UTF-16 code units, §3.2.3), and no JSON tree needs building on the write path.
 *
 * <p>The text is built in two steps because {@code prev} and {@code seq} are known only to the chain's single
 * writer: callers prepare everything else in parallel ({@link Parts}), the writer fills in those two.
 *
 * <p>A line is the hashed text without its closing brace, then {@code "hash"}, {@code "mac"} and {@code "personal"}
 * and the brace. Since {@code "v":1} is always the hashed part's last member, the hashed bytes of a line are
 * everything up to {@code "v":1} plus {@code }} — a verifier needs no re-serialisation.
 */
final class RecordText {

    /** The hashed text around the two members only the writer knows. */
    record Parts(String beforePrev, String beforeSeq, String afterSeq) {
    }

    private static final String TAIL = "\"v\":" + RecordFormat.VERSION;
    private static final String MARK = TAIL + ",\"hash\":\"";

    private RecordText() {
    }

    static Parts parts(String node, Instant timestamp, UUID consentId, String action, Collection<String> granted,
            Collection<String> refused, int policyRevision, Optional<Instant> expiresAt, Optional<String> policyHash,
            Optional<String> language, Map<String, String> commitments) {
        StringBuilder b = new StringBuilder(512);
        long marks = appendParts(b, node, timestamp, consentId, action, granted, refused, policyRevision, expiresAt,
                policyHash, language, commitments);
        int prevAt = (int) (marks >>> 32);
        int seqAt = (int) marks;
        return new Parts(b.substring(0, prevAt), b.substring(prevAt, seqAt), b.substring(seqAt));
    }

    /**
     * Appends the hashed text without {@code prev}'s value, {@code seq}'s value and the closing brace; returns where
     * the two values go, packed ({@code prevAt << 32 | seqAt}).
     */
    static long appendParts(StringBuilder b, String node, Instant timestamp, UUID consentId, String action,
            Collection<String> granted, Collection<String> refused, int policyRevision, Optional<Instant> expiresAt,
            Optional<String> policyHash, Optional<String> language, Map<String, String> commitments) {
        b.append("{\"action\":");
        Canonical.appendString(action, b);
        if (!commitments.isEmpty()) {
            b.append(",\"commitments\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : commitments.entrySet()) { // a sorted map: §3.2.3 order
                b.append(first ? "" : ",");
                first = false;
                Canonical.appendString(e.getKey(), b);
                b.append(':');
                Canonical.appendString(e.getValue(), b);
            }
            b.append('}');
        }
        b.append(",\"consentId\":\"").append(consentId).append('"');
        if (expiresAt.isPresent()) {
            b.append(",\"expiresAt\":\"");
            IsoInstant.append(expiresAt.get(), b);
            b.append('"');
        }
        b.append(",\"granted\":");
        array(granted, b);
        if (language.isPresent()) {
            b.append(",\"language\":");
            Canonical.appendString(language.get(), b);
        }
        b.append(",\"node\":");
        Canonical.appendString(node, b);
        if (policyHash.isPresent()) {
            b.append(",\"policyHash\":");
            Canonical.appendString(policyHash.get(), b);
        }
        b.append(",\"policyRevision\":").append(policyRevision).append(",\"prev\":\"");
        long prevAt = b.length();
        b.append("\",\"refused\":");
        array(refused, b);
        b.append(",\"seq\":");
        int seqAt = b.length();
        b.append(",\"timestamp\":\"");
        IsoInstant.append(timestamp, b);
        b.append("\",").append(TAIL);
        return prevAt << 32 | seqAt;
    }

    static Parts parts(ConsentRecord r) {
        return parts(r.node(), r.timestamp(), r.consentId(), r.action(), r.granted(), r.refused(), r.policyRevision(),
                r.expiresAt(), r.policyHash(), r.language(), r.commitments());
    }

    /** The canonical hashed text, closing brace included. */
    static String hashed(Parts p, String prev, long seq) {
        return p.beforePrev() + prev + p.beforeSeq() + seq + p.afterSeq() + "}";
    }

    /** The whole line for a hashed text and the members outside the hash. */
    static String line(String hashed, String hash, Optional<String> mac,
            Map<String, ConsentRecord.PersonalField> personal) {
        StringBuilder b = new StringBuilder(hashed.length() + 256);
        b.append(hashed, 0, hashed.length() - 1).append(",\"hash\":\"").append(hash).append('"');
        mac.ifPresent(m -> b.append(",\"mac\":\"").append(m).append('"'));
        return b.append(personalTail(personal)).append('}').toString();
    }

    /** The {@code "personal"} member with its leading comma, or nothing when there are no personal fields. */
    static String personalTail(Map<String, ConsentRecord.PersonalField> personal) {
        StringBuilder b = new StringBuilder(personal.isEmpty() ? 0 : 256);
        appendPersonalTail(personal, b);
        return b.toString();
    }

    static void appendPersonalTail(Map<String, ConsentRecord.PersonalField> personal, StringBuilder b) {
        if (personal.isEmpty()) {
            return;
        }
        b.append(",\"personal\":{");
        boolean first = true;
        for (Map.Entry<String, ConsentRecord.PersonalField> e : personal.entrySet()) {
            b.append(first ? "" : ",");
            first = false;
            Canonical.appendString(e.getKey(), b);
            b.append(":{\"salt\":");
            Canonical.appendString(e.getValue().salt(), b);
            b.append(",\"value\":");
            Canonical.appendString(e.getValue().value(), b);
            b.append('}');
        }
        b.append('}');
    }

    /**
     * The hashed text inside a line: everything before {@code ,"hash":} (which can only follow the {@code "v":1}
     * member: inside a JSON string a quote is always escaped), closed with a brace; empty if the line has no such
     * place.
     */
    static Optional<String> hashedPart(String line) {
        int at = line.indexOf(MARK);
        return at < 0 ? Optional.empty() : Optional.of(line.substring(0, at + TAIL.length()) + "}");
    }

    private static void array(Collection<String> values, StringBuilder b) {
        b.append('[');
        boolean first = true;
        for (String v : values) {
            b.append(first ? "" : ",");
            first = false;
            Canonical.appendString(v, b);
        }
        b.append(']');
    }
}
