package dev.consentgate.core.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reads a line laid out exactly as {@link RecordText} writes it — members in their fixed order, no whitespace, no
 * escapes — without a JSON parser: a JSON parser spends most of a verify's time finding out what this layout says
 * up front. Any other line, valid JSON or not, is declined ({@code null}) and goes to {@link RecordParser}'s strict
 * Jackson path, which gives the precise error; so this never accepts a line the strict path refuses, and reads the
 * same values from the lines it accepts (the property test {@code RecordScannerTest} holds it to that).
 *
 * <p>Why declining is enough to stay as strict: every member name and separator is matched byte for byte, strings
 * with a backslash or a control character are declined (so a quote always ends a string), numbers are plain digits
 * of a bounded length, and values are converted by the same functions the strict path uses. Lines longer than
 * {@link #MAX_LINE} are declined, which keeps every name and number inside Jackson's read constraints.
 *
 * <p>Thread-safe (an instance lives for one line).
 */
final class RecordScanner {

    /** Far above a record's size (~600 bytes), far below Jackson's 50,000-byte limit on a member name. */
    static final int MAX_LINE = 32 * 1024;

    private static final byte[] ACTION = ascii("{\"action\":");
    private static final byte[] COMMITMENTS = ascii(",\"commitments\":{");
    private static final byte[] CONSENT_ID = ascii(",\"consentId\":");
    private static final byte[] EXPIRES_AT = ascii(",\"expiresAt\":");
    private static final byte[] GRANTED = ascii(",\"granted\":[");
    private static final byte[] LANGUAGE = ascii(",\"language\":");
    private static final byte[] NODE = ascii(",\"node\":");
    private static final byte[] POLICY_HASH = ascii(",\"policyHash\":");
    private static final byte[] POLICY_REVISION = ascii(",\"policyRevision\":");
    private static final byte[] PREV = ascii(",\"prev\":");
    private static final byte[] REFUSED = ascii(",\"refused\":[");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");
    private static final byte[] VERSION = ascii(",\"v\":" + RecordFormat.VERSION);
    private static final byte[] HASH = ascii(",\"hash\":");
    private static final byte[] MAC = ascii(",\"mac\":");
    private static final byte[] PERSONAL = ascii(",\"personal\":{");
    private static final byte[] SALT = ascii(":{\"salt\":");
    private static final byte[] VALUE = ascii(",\"value\":");

    /** Thrown (without a stack trace) to decline a line: the strict path will say what is wrong with it. */
    private static final class Decline extends Exception {
        private static final long serialVersionUID = 1L;
        private static final Decline INSTANCE = new Decline();

        private Decline() {
            super(null, null, false, false);
        }
    }

    /**
     * A line read by the scanner: its record and where its hashed part ends ({@code "v":1}; the hashed text is the
     * bytes before it and a closing brace, as {@link RecordText#hashedPart} says).
     */
    record Scanned(ConsentRecord record, byte[] line, int hashedEnd) {

        /** Whether the line's {@code hash} is the SHA-256 of its hashed part, compared without making hex text. */
        boolean hashMatches() {
            MessageDigest d = RecordFormat.digest();
            d.update(line, 0, hashedEnd);
            d.update((byte) '}');
            byte[] sha = d.digest();
            int at = hashedEnd + HASH.length + 1; // the hash's first digit, checked to be lower-case hex
            for (int i = 0; i < sha.length; i++) {
                if (line[at + 2 * i] != HEX[sha[i] >> 4 & 0xf] || line[at + 2 * i + 1] != HEX[sha[i] & 0xf]) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final byte[] HEX = ascii("0123456789abcdef");

    // What a byte is inside a string, as bits: hex() wants nothing but HEX_DIGIT, string() no ESCAPE.
    private static final byte HEX_DIGIT = 1;
    private static final byte OTHER = 2;
    private static final byte NON_ASCII = 4;
    private static final byte ESCAPE = 8; // a backslash or a control character: left to the strict path
    private static final byte QUOTE = 16;
    private static final byte[] KIND = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            KIND[c] = c < 0x20 || c == '\\' ? ESCAPE : c == '"' ? QUOTE : c >= 0x80 ? NON_ASCII
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' ? HEX_DIGIT : OTHER;
        }
    }

    private final byte[] b;
    private int p;

    private RecordScanner(byte[] line) {
        this.b = line;
    }

    /** The line read, or null to leave it to the strict parser. */
    static Scanned scan(byte[] line) {
        if (line.length > MAX_LINE) {
            return null;
        }
        try {
            return new RecordScanner(line).line();
        } catch (Decline e) {
            return null;
        }
    }

    private Scanned line() throws Decline {
        literal(ACTION);
        String action = string();
        Map<String, String> commitments = optional(COMMITMENTS) ? commitments() : Map.of();
        literal(CONSENT_ID);
        UUID consentId = uuid(string());
        Optional<Instant> expiresAt = optional(EXPIRES_AT) ? Optional.of(instant(string())) : Optional.empty();
        literal(GRANTED);
        List<String> granted = strings();
        Optional<String> language = optional(LANGUAGE) ? Optional.of(string()) : Optional.empty();
        literal(NODE);
        String node = string();
        Optional<String> policyHash = optional(POLICY_HASH) ? Optional.of(string()) : Optional.empty();
        literal(POLICY_REVISION);
        int policyRevision = (int) number(9); // up to 9 digits is what Jackson reports as an INT
        literal(PREV);
        String prev = hex();
        literal(REFUSED);
        List<String> refused = strings();
        literal(SEQ);
        long seq = number(18); // and up to 18 as a LONG
        literal(TIMESTAMP);
        Instant timestamp = instant(string());
        literal(VERSION);
        int hashedEnd = p;
        literal(HASH);
        String hash = hex();
        Optional<String> mac = optional(MAC) ? Optional.of(hex()) : Optional.empty();
        Map<String, ConsentRecord.PersonalField> personal = optional(PERSONAL) ? personal() : Map.of();
        literal('}');
        if (p != b.length || seq < 1 || !commitments.keySet().containsAll(personal.keySet())) {
            throw Decline.INSTANCE;
        }
        return new Scanned(new ConsentRecord(seq, node, timestamp, consentId, action, granted, refused,
                policyRevision, expiresAt, policyHash, language, commitments, personal, prev, hash, mac), b, hashedEnd);
    }

    /** {@code "name":"hex",…}, names in ascending order (so no duplicates), the brace already read. */
    private Map<String, String> commitments() throws Decline {
        TreeMap<String, String> out = new TreeMap<>();
        String last = null;
        do {
            String name = string();
            if (last != null && name.compareTo(last) <= 0) {
                throw Decline.INSTANCE;
            }
            literal(':');
            out.put(name, hex());
            last = name;
        } while (optional(','));
        literal('}');
        return out;
    }

    /** {@code "name":{"salt":"…","value":"…"},…}, names in ascending order, the brace already read. */
    private Map<String, ConsentRecord.PersonalField> personal() throws Decline {
        TreeMap<String, ConsentRecord.PersonalField> out = new TreeMap<>();
        String last = null;
        do {
            String name = string();
            if (last != null && name.compareTo(last) <= 0) {
                throw Decline.INSTANCE;
            }
            literal(SALT);
            String salt = string();
            literal(VALUE);
            out.put(name, new ConsentRecord.PersonalField(string(), salt));
            literal('}');
            last = name;
        } while (optional(','));
        literal('}');
        return out;
    }

    /** {@code "a","b"]} or {@code ]}, the bracket already read. */
    private List<String> strings() throws Decline {
        List<String> out = new ArrayList<>(4);
        if (optional(']')) {
            return out;
        }
        do {
            out.add(string());
        } while (optional(','));
        literal(']');
        return out;
    }

    /**
     * A string without escapes or control characters. Non-ASCII bytes are decoded as UTF-8; a malformed sequence
     * (which Java decodes as U+FFFD) is declined, and so is a real U+FFFD, which costs nothing in practice.
     */
    private String string() throws Decline {
        literal('"');
        int start = p;
        int seen = 0;
        byte c;
        // One table look-up per byte: this loop and hex()'s are most of the scanner's time.
        while (p < b.length && (c = KIND[b[p] & 0xff]) != QUOTE) {
            seen |= c;
            p++;
        }
        if (p == b.length || (seen & ESCAPE) != 0) {
            throw Decline.INSTANCE;
        }
        boolean ascii = (seen & NON_ASCII) == 0;
        String s = ascii ? new String(b, start, p - start, StandardCharsets.ISO_8859_1)
                : new String(b, start, p - start, StandardCharsets.UTF_8);
        p++;
        if (!ascii && s.indexOf('\uFFFD') >= 0) {
            throw Decline.INSTANCE;
        }
        return s;
    }

    /** 64 lower-case hex digits in quotes, as the strict path requires of a hash. */
    private String hex() throws Decline {
        literal('"');
        int start = p;
        if (b.length - start < 65 || b[start + 64] != '"') {
            throw Decline.INSTANCE;
        }
        int kinds = 0;
        for (int i = start; i < start + 64; i++) {
            kinds |= KIND[b[i] & 0xff];
        }
        if (kinds != HEX_DIGIT) {
            throw Decline.INSTANCE;
        }
        p = start + 65;
        return new String(b, start, 64, StandardCharsets.ISO_8859_1);
    }

    /** A non-negative integer of at most {@code maxDigits} digits, without leading zeros (Jackson refuses them). */
    private long number(int maxDigits) throws Decline {
        int start = p;
        long value = 0;
        while (p < b.length && b[p] >= '0' && b[p] <= '9') {
            value = value * 10 + (b[p++] - '0');
        }
        int digits = p - start;
        if (digits == 0 || digits > maxDigits || digits > 1 && b[start] == '0') {
            throw Decline.INSTANCE;
        }
        return value;
    }

    /** Converted as the strict path converts it, so both read the same instant. */
    private static Instant instant(String s) throws Decline {
        try {
            return RecordParser.instantOf(s);
        } catch (DateTimeException e) {
            throw Decline.INSTANCE;
        }
    }

    private static UUID uuid(String s) throws Decline {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw Decline.INSTANCE;
        }
    }

    private void literal(byte[] expected) throws Decline {
        if (!optional(expected)) {
            throw Decline.INSTANCE;
        }
    }

    private void literal(char expected) throws Decline {
        if (!optional(expected)) {
            throw Decline.INSTANCE;
        }
    }

    private boolean optional(byte[] expected) {
        if (b.length - p < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b[p + i] != expected[i]) {
                return false;
            }
        }
        p += expected.length;
        return true;
    }

    private boolean optional(char expected) {
        if (p < b.length && b[p] == expected) {
            p++;
            return true;
        }
        return false;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
