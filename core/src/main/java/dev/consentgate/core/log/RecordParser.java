package dev.consentgate.core.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reads one record line with Jackson's streaming parser: no tree, one pass. Strict: unknown and duplicate members,
 * wrong types and trailing content are errors, so nothing can hide beside the hashed members. Thread-safe.
 */
final class RecordParser {

    // Duplicates are caught below, per known member, cheaper than Jackson's strict detection (a hash set per object).
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final java.util.List<String> MEMBERS = java.util.List.of("v", "seq", "node", "timestamp",
            "consentId", "action", "granted", "refused", "policyRevision", "expiresAt", "policyHash", "language",
            "commitments", "personal", "prev", "hash", "mac");

    private RecordParser() {
    }

    static ConsentRecord parse(String line) throws MalformedRecordException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        RecordScanner.Scanned fast = RecordScanner.scan(bytes);
        return fast != null ? fast.record() : strict(bytes);
    }

    /** The line's UTF-8 bytes read with Jackson: any layout JSON allows, and the precise error for the rest. */
    static ConsentRecord strict(byte[] line) throws MalformedRecordException {
        // From bytes: Jackson's UTF-8 parser reads them in place, where a String would be copied to chars first.
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRecordException("not a JSON object");
            }
            Fields f = new Fields();
            int seen = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int index = MEMBERS.indexOf(name); // -1: an unknown member, which the switch refuses
                if (index >= 0) {
                    if ((seen & 1 << index) != 0) {
                        throw new MalformedRecordException("duplicate field");
                    }
                    seen |= 1 << index;
                }
                p.nextToken();
                switch (name) {
                    case "v" -> f.version = integer(p, name);
                    case "seq" -> f.seq = longValue(p, name);
                    case "node" -> f.node = text(p, name);
                    case "timestamp" -> f.timestamp = instant(p, name);
                    case "consentId" -> f.consentId = uuid(p, name);
                    case "action" -> f.action = text(p, name);
                    case "granted" -> f.granted = strings(p, name);
                    case "refused" -> f.refused = strings(p, name);
                    case "policyRevision" -> f.policyRevision = integer(p, name);
                    case "expiresAt" -> f.expiresAt = Optional.of(instant(p, name));
                    case "policyHash" -> f.policyHash = Optional.of(text(p, name));
                    case "language" -> f.language = Optional.of(text(p, name));
                    case "commitments" -> f.commitments = commitments(p);
                    case "personal" -> f.personal = personal(p);
                    case "prev" -> f.prev = hex(p, name);
                    case "hash" -> f.hash = hex(p, name);
                    case "mac" -> f.mac = Optional.of(hex(p, name));
                    default -> throw new MalformedRecordException("unknown field '" + printable(name) + "'");
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new MalformedRecordException("not a JSON object");
            }
            return f.record();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            throw new MalformedRecordException(msg != null && msg.startsWith("Duplicate field")
                    ? "duplicate field" : "not a JSON object");
        } catch (IOException e) {
            throw new MalformedRecordException("not a JSON object");
        }
    }

    /** The members read so far; {@link #record()} checks that the required ones are there. */
    private static final class Fields {
        Integer version;
        Long seq;
        String node;
        Instant timestamp;
        UUID consentId;
        String action;
        List<String> granted;
        List<String> refused;
        Integer policyRevision;
        Optional<Instant> expiresAt = Optional.empty();
        Optional<String> policyHash = Optional.empty();
        Optional<String> language = Optional.empty();
        Map<String, String> commitments = Map.of();
        Map<String, ConsentRecord.PersonalField> personal = Map.of();
        String prev;
        String hash;
        Optional<String> mac = Optional.empty();

        ConsentRecord record() throws MalformedRecordException {
            if (version == null || version != RecordFormat.VERSION) {
                throw new MalformedRecordException("field 'v' must be " + RecordFormat.VERSION);
            }
            require(seq, "seq");
            if (seq < 1) {
                throw new MalformedRecordException("field 'seq' must be a positive integer");
            }
            require(node, "node");
            require(timestamp, "timestamp");
            require(consentId, "consentId");
            require(action, "action");
            require(granted, "granted");
            require(refused, "refused");
            require(policyRevision, "policyRevision");
            require(prev, "prev");
            require(hash, "hash");
            for (String field : personal.keySet()) {
                if (!commitments.containsKey(field)) {
                    throw new MalformedRecordException("personal field '" + printable(field)
                            + "' has no commitment");
                }
            }
            return new ConsentRecord(seq, node, timestamp, consentId, action, granted, refused, policyRevision,
                    expiresAt, policyHash, language, commitments, personal, prev, hash, mac);
        }

        private static void require(Object value, String field) throws MalformedRecordException {
            if (value == null) {
                throw new MalformedRecordException("field '" + field + "' is missing");
            }
        }
    }

    private static String text(JsonParser p, String field) throws IOException, MalformedRecordException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new MalformedRecordException("field '" + field + "' must be a string");
        }
        return p.getText();
    }

    private static String hex(JsonParser p, String field) throws IOException, MalformedRecordException {
        String s = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : "";
        boolean ok = s.length() == 64;
        for (int i = 0; ok && i < 64; i++) {
            char c = s.charAt(i);
            ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
        }
        if (!ok) {
            throw new MalformedRecordException("field '" + field + "' must be 64 lower-case hex digits");
        }
        return s;
    }

    private static int integer(JsonParser p, String field) throws IOException, MalformedRecordException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw new MalformedRecordException("field '" + field + "' must be an integer");
        }
        return p.getIntValue();
    }

    private static long longValue(JsonParser p, String field) throws IOException, MalformedRecordException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new MalformedRecordException("field '" + field + "' must be a positive integer");
        }
        return p.getLongValue();
    }

    private static Instant instant(JsonParser p, String field) throws IOException, MalformedRecordException {
        try {
            return instantOf(text(p, field));
        } catch (java.time.DateTimeException e) { // DateTimeParseException, or an impossible date
            throw new MalformedRecordException("field '" + field + "' must be an ISO-8601 instant");
        }
    }

    /** The instant a record's text says; both parsers read instants here, so they read the same ones. */
    static Instant instantOf(String s) {
        Instant fast = fastInstant(s);
        return fast != null ? fast : Instant.parse(s);
    }

    /**
     * {@code Instant.toString()}'s own shape, {@code 2026-11-25T10:15:30[.fraction]Z}, read directly: the general
     * parser costs about a microsecond, most of a record's parse. Null for any other shape, left to
     * {@code Instant.parse}.
     */
    static Instant fastInstant(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(s, 20, fraction);
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second | nanos) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay(); // throws on 2026-02-30
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code s[from, from + count)}, or -1 when any character is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static UUID uuid(JsonParser p, String field) throws IOException, MalformedRecordException {
        try {
            return UUID.fromString(text(p, field));
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException("field '" + field + "' must be a UUID");
        }
    }

    private static List<String> strings(JsonParser p, String field) throws IOException, MalformedRecordException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new MalformedRecordException("field '" + field + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>(4);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw new MalformedRecordException("field '" + field + "' must be an array of strings");
            }
            out.add(p.getText());
        }
        return out;
    }

    private static Map<String, String> commitments(JsonParser p) throws IOException, MalformedRecordException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new MalformedRecordException("field 'commitments' must be an object");
        }
        Map<String, String> out = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (out.put(name, hex(p, "commitments." + printable(name))) != null) {
                throw new MalformedRecordException("duplicate field");
            }
        }
        return out;
    }

    private static Map<String, ConsentRecord.PersonalField> personal(JsonParser p)
            throws IOException, MalformedRecordException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new MalformedRecordException("field 'personal' must be an object");
        }
        Map<String, ConsentRecord.PersonalField> out = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String field = "personal." + printable(name);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRecordException("field '" + field + "' must be an object");
            }
            String value = null;
            String salt = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String member = p.currentName();
                p.nextToken();
                switch (member) {
                    case "value" -> {
                        if (value != null) {
                            throw new MalformedRecordException("duplicate field");
                        }
                        value = text(p, field + ".value");
                    }
                    case "salt" -> {
                        if (salt != null) {
                            throw new MalformedRecordException("duplicate field");
                        }
                        salt = text(p, field + ".salt");
                    }
                    default -> throw new MalformedRecordException("unknown field '" + field + "."
                            + printable(member) + "'");
                }
            }
            if (value == null || salt == null) {
                throw new MalformedRecordException("field '" + field + "' needs a value and a salt");
            }
            if (out.put(name, new ConsentRecord.PersonalField(value, salt)) != null) {
                throw new MalformedRecordException("duplicate field");
            }
        }
        return out;
    }

    /** Member names in messages: bounded and printable. */
    private static String printable(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length() && i < 40; i++) {
            char c = name.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
