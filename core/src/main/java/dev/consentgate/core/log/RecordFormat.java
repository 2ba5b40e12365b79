package dev.consentgate.core.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

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
        return RecordParser.parse(line);
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
        MessageDigest d = digest();
        d.update(Base64.getUrlDecoder().decode(field.salt()));
        return HexFormat.of().formatHex(d.digest(field.value().getBytes(StandardCharsets.UTF_8)));
    }

    /** As {@link #commitment(ConsentRecord.PersonalField)}, from the salt's bytes. */
    static String commitment(byte[] salt, String value) {
        MessageDigest d = digest();
        d.update(salt);
        return HexFormat.of().formatHex(d.digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    static String sha(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** This thread's SHA-256, reset. */
    static MessageDigest digest() {
        MessageDigest d = SHA256.get();
        d.reset();
        return d;
    }

    /** A new SHA-256 digest, for a user that keeps its own. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
