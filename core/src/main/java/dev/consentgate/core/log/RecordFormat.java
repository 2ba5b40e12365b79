package dev.consentgate.core.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The consent log's line format: one JSON object per record, the same in every store.
 *
 * <pre>{@code
 * {"v":1,"seq":1,"node":"local","timestamp":"2026-11-25T10:15:30Z","consentId":"…","action":"custom",
 *  "granted":["analytics","necessary"],"refused":["advertising"],"policyRevision":3,
 *  "expiresAt":"2027-11-25T10:15:30Z","policyHash":"…","language":"de-DE",
 *  "commitments":{"page":"…"},"personal":{"page":{"value":"https://example.com/pricing","salt":"…"}},
 *  "prev":"000…","hash":"…","mac":"…"}
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class RecordFormat {

    /** Format version written in {@code v}. */
    public static final int VERSION = 1;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> KEYS = Set.of("v", "seq", "node", "timestamp", "consentId", "action", "granted",
            "refused", "policyRevision", "expiresAt", "policyHash", "language", "commitments", "personal", "prev",
            "hash", "mac");
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(RecordFormat::sha256);

    private RecordFormat() {
    }

    /** The record as one JSON line, without the line break. */
    public static String toLine(ConsentRecord r) {
        return RecordText.line(RecordText.hashed(RecordText.parts(r), r.prev(), r.seq()), r.hash(), r.mac(),
                r.personal());
    }

    /**
     * Reads one line.
     *
     * @throws MalformedRecordException saying which field is wrong; never echoing personal values
     */
    public static ConsentRecord parse(String line) throws MalformedRecordException {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedRecordException("not a JSON object");
        }
        if (n == null || !n.isObject()) {
            throw new MalformedRecordException("not a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new MalformedRecordException("unknown field '" + key + "'");
            }
        }
        if (!n.path("v").isInt() || n.get("v").intValue() != VERSION) {
            throw new MalformedRecordException("field 'v' must be " + VERSION);
        }
        try {
            Map<String, ConsentRecord.PersonalField> personal = new TreeMap<>();
            JsonNode p = n.path("personal");
            if (!p.isMissingNode()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = object(p, "personal").properties().iterator();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    personal.put(e.getKey(), new ConsentRecord.PersonalField(
                            text(e.getValue(), "value", "personal." + e.getKey() + ".value"),
                            text(e.getValue(), "salt", "personal." + e.getKey() + ".salt")));
                }
            }
            Map<String, String> commitments = new TreeMap<>();
            JsonNode c = n.path("commitments");
            if (!c.isMissingNode()) {
                for (Map.Entry<String, JsonNode> e : object(c, "commitments").properties()) {
                    commitments.put(e.getKey(), hex(e.getValue(), "commitments." + e.getKey()));
                }
            }
            long seq = n.path("seq").isIntegralNumber() ? n.get("seq").longValue() : -1;
            if (seq < 1) {
                throw new MalformedRecordException("field 'seq' must be a positive integer");
            }
            return new ConsentRecord(seq, text(n, "node", "node"), instant(n, "timestamp"),
                    uuid(n), text(n, "action", "action"), strings(n, "granted"), strings(n, "refused"),
                    integer(n, "policyRevision"), optionalInstant(n, "expiresAt"), optionalText(n, "policyHash"),
                    optionalText(n, "language"), commitments, personal, hex(n.path("prev"), "prev"),
                    hex(n.path("hash"), "hash"), optionalText(n, "mac"));
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(e.getMessage());
        }
    }

    /** The hash a record must carry: SHA-256 of the RFC 8785 form of everything but personal, hash and mac. */
    public static String computeHash(ConsentRecord r) {
        return sha(RecordText.hashed(RecordText.parts(r), r.prev(), r.seq()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The hash of the hashed part of a line as it was written, without re-serialising: what {@code hash} must say
     * unless the line was edited. Empty when the line does not have a record's layout.
     */
    static Optional<String> hashOfLine(String line) {
        return RecordText.hashedPart(line).map(h -> sha(h.getBytes(StandardCharsets.UTF_8)));
    }

    /** The commitment of a personal value: hex SHA-256 of the salt's bytes followed by the value's UTF-8. */
    public static String commitment(ConsentRecord.PersonalField field) {
        MessageDigest d = SHA256.get();
        d.reset();
        d.update(Base64.getUrlDecoder().decode(field.salt()));
        return HexFormat.of().formatHex(d.digest(field.value().getBytes(StandardCharsets.UTF_8)));
    }

    static String sha(byte[] bytes) {
        MessageDigest d = SHA256.get();
        d.reset();
        return HexFormat.of().formatHex(d.digest(bytes));
    }

    private static JsonNode object(JsonNode n, String field) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("field '" + field + "' must be an object");
        }
        return n;
    }

    private static String text(JsonNode n, String key, String field) {
        JsonNode v = n.path(key);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static Optional<String> optionalText(JsonNode n, String key) {
        return n.has(key) ? Optional.of(text(n, key, key)) : Optional.empty();
    }

    private static String hex(JsonNode v, String field) {
        if (!v.isTextual() || !HEX64.matcher(v.textValue()).matches()) {
            throw new IllegalArgumentException("field '" + field + "' must be 64 lower-case hex digits");
        }
        return v.textValue();
    }

    private static int integer(JsonNode n, String key) {
        JsonNode v = n.path(key);
        if (!v.isInt()) {
            throw new IllegalArgumentException("field '" + key + "' must be an integer");
        }
        return v.intValue();
    }

    private static Instant instant(JsonNode n, String key) {
        try {
            return Instant.parse(text(n, key, key));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + key + "' must be an ISO-8601 instant");
        }
    }

    private static Optional<Instant> optionalInstant(JsonNode n, String key) {
        return n.has(key) ? Optional.of(instant(n, key)) : Optional.empty();
    }

    private static UUID uuid(JsonNode n) {
        try {
            return UUID.fromString(text(n, "consentId", "consentId"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'consentId' must be a UUID");
        }
    }

    private static List<String> strings(JsonNode n, String key) {
        JsonNode v = n.path(key);
        if (!v.isArray()) {
            throw new IllegalArgumentException("field '" + key + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new IllegalArgumentException("field '" + key + "' must be an array of strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
