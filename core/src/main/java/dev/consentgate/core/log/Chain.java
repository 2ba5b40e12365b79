package dev.consentgate.core.log;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The end of one node's hash chain: turns entries into records that continue it.
 *
 * <p>Not thread-safe: a store appends from one writer at a time.
 */
public final class Chain {

    private final String node;
    private final Optional<AuditKey> key;
    private long lastSeq;
    private String lastHash;
    /** {@link #lastHash} as ASCII, copied into the next line as its {@code prev}; made on first use. */
    private byte[] lastHashBytes;
    /** The single writer's digest: no thread-local lookup and no reset per record. */
    private final MessageDigest digest = RecordFormat.sha256();

    private Chain(String node, long lastSeq, String lastHash, Optional<AuditKey> key) {
        this.node = node;
        this.lastSeq = lastSeq;
        this.lastHash = lastHash;
        this.key = key;
    }

    // Salts must be unpredictable, or a commitment to a low-entropy value (a truncated IP) could be brute-forced.
    // DRBG (NIST SP 800-90A) works in memory once seeded; the default NativePRNG reads /dev/urandom on every call.
    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /**
     * Salts drawn from this thread's DRBG a kilobyte at a time: each draw has a fixed cost (a reseed check, hashing the
     * state) that dwarfed the 16 bytes a salt needs. Per thread, so nothing is shared or locked.
     */
    private static final class Salts {
        private final SecureRandom random = newRandom();
        private final byte[] pool = new byte[1024];
        private int next = pool.length;

        byte[] next() {
            if (next == pool.length) {
                random.nextBytes(pool);
                next = 0;
            }
            byte[] salt = java.util.Arrays.copyOfRange(pool, next, next + SALT_BYTES);
            java.util.Arrays.fill(pool, next, next + SALT_BYTES, (byte) 0); // a used salt does not linger
            next += SALT_BYTES;
            return salt;
        }
    }

    private static final int SALT_BYTES = 16;
    private static final ThreadLocal<Salts> SALTS = ThreadLocal.withInitial(Salts::new);
    private static final HexFormat HEX = HexFormat.of();

    /** A new chain for {@code node}, starting from {@link ConsentRecord#GENESIS}. */
    public static Chain start(String node, Optional<AuditKey> key) {
        return resume(node, 0, ConsentRecord.GENESIS, key);
    }

    /** A chain continuing after the record {@code lastSeq} whose hash is {@code lastHash}. */
    public static Chain resume(String node, long lastSeq, String lastHash, Optional<AuditKey> key) {
        requireNonNull(node, "node");
        requireNonNull(lastHash, "lastHash");
        requireNonNull(key, "key");
        if (!node.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("node id must match [A-Za-z0-9_.-]{1,64}, got '" + node + "'");
        }
        return new Chain(node, lastSeq, lastHash, key);
    }

    /**
     * An entry made ready for the chain: everything but {@code prev} and {@code seq}, already as the UTF-8 bytes of
     * its line, so that the single writer only fills in those two, hashes and copies. {@code text} holds the hashed
     * text up to {@code prev}'s value, on to {@code seq}'s value, on to the closing brace, and then the
     * {@code "personal"} member: the pieces start at 0, {@code prevAt}, {@code seqAt} and {@code tailAt}. Immutable by
     * convention (the array is never handed out).
     */
    record Prepared(LogEntry entry, byte[] text, int prevAt, int seqAt, int tailAt, Map<String, String> commitments,
            Map<String, ConsentRecord.PersonalField> personal) {
    }

    /**
     * A sealed record: its place in the chain, and where its line lies in the writer's buffer. The
     * {@link ConsentRecord} is built only when asked for, off the writer (by whoever acknowledges it).
     */
    record Sealed(Prepared prepared, String node, long seq, String prev, String hash, Optional<String> mac, int start,
            int end) {

        ConsentRecord record() {
            LogEntry e = prepared.entry();
            return new ConsentRecord(seq, node, e.timestamp(), e.consentId(), e.action(), List.copyOf(e.granted()),
                    List.copyOf(e.refused()), e.policyRevision(), e.expiresAt(), e.policyHash(), e.language(),
                    prepared.commitments(), prepared.personal(), prev, hash, mac);
        }

        /** The line, without its line break, from the buffer it was sealed into. */
        String line(LineBuffer lines) {
            return lines.text(start, end);
        }
    }

    /**
     * Does the costly part of appending — salts, commitments, the canonical text — so that callers can do it in
     * parallel before the single writer seals. Thread-safe.
     */
    static Prepared prepare(String node, LogEntry entry) {
        Map<String, ConsentRecord.PersonalField> personal = new TreeMap<>();
        Map<String, String> commitments = new TreeMap<>();
        Salts salts = SALTS.get();
        entry.personal().forEach((name, value) -> {
            byte[] salt = salts.next();
            personal.put(name, new ConsentRecord.PersonalField(value,
                    Base64.getUrlEncoder().withoutPadding().encodeToString(salt)));
            commitments.put(name, RecordFormat.commitment(salt, value));
        });
        // One reused builder, one String and one byte array per entry: the text was the largest share of what
        // appending allocated.
        StringBuilder b = TEXT.get();
        b.setLength(0);
        long marks = RecordText.appendParts(b, node, entry.timestamp(), entry.consentId(), entry.action(),
                entry.granted(), entry.refused(), entry.policyRevision(), entry.expiresAt(), entry.policyHash(),
                entry.language(), commitments);
        int prevAt = (int) (marks >>> 32);
        int seqAt = (int) marks;
        int tailAt = b.length();
        RecordText.appendPersonalTail(personal, b);
        byte[] text = ascii(b);
        if (text == null) { // not all ASCII: the pieces start elsewhere in bytes than in chars
            String whole = b.toString();
            text = whole.getBytes(StandardCharsets.UTF_8);
            int prevChars = prevAt;
            int seqChars = seqAt;
            int tailChars = tailAt;
            prevAt = utf8Length(whole, 0, prevChars);
            seqAt = prevAt + utf8Length(whole, prevChars, seqChars);
            tailAt = seqAt + utf8Length(whole, seqChars, tailChars);
        }
        if (b.capacity() > 16 * 1024) {
            TEXT.remove(); // an entry with huge texts does not keep its buffer for good
            CHARS.remove();
        }
        return new Prepared(entry, text, prevAt, seqAt, tailAt, Collections.unmodifiableMap(commitments),
                Collections.unmodifiableMap(personal));
    }

    private static final ThreadLocal<StringBuilder> TEXT = ThreadLocal.withInitial(() -> new StringBuilder(1024));
    private static final ThreadLocal<char[][]> CHARS = ThreadLocal.withInitial(() -> new char[1][1024]);

    /**
     * The builder's text as bytes when it is all ASCII (nearly always: ids, categories, dates, hex), else null. One
     * array, where {@code toString().getBytes()} made two.
     */
    private static byte[] ascii(StringBuilder b) {
        char[][] holder = CHARS.get();
        if (holder[0].length < b.length()) {
            holder[0] = new char[Math.max(b.length(), 2 * holder[0].length)];
        }
        char[] chars = holder[0];
        int length = b.length();
        b.getChars(0, length, chars, 0);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = chars[i];
            if (c >= 0x80) {
                return null;
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    private static int utf8Length(String s, int from, int to) {
        return s.substring(from, to).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Gives a prepared entry the next place in the chain and appends its line, with its line break, to
     * {@code lines}; the chain then ends with it. Single writer only.
     */
    Sealed seal(Prepared p, LineBuffer lines) {
        long seq = lastSeq + 1;
        int start = lines.size();
        byte[] text = p.text();
        lines.put(text, 0, p.prevAt());
        if (lastHashBytes == null) {
            lastHashBytes = lastHash.getBytes(StandardCharsets.US_ASCII);
        }
        lines.put(lastHashBytes);
        lines.put(text, p.prevAt(), p.seqAt());
        lines.putLong(seq);
        lines.put(text, p.seqAt(), p.tailAt());
        // The hashed text is what is in the buffer now, and its closing brace (where the line goes on instead).
        // MessageDigest.digest() leaves the digest reset, ready for the next record.
        digest.update(lines.array(), start, lines.size() - start);
        digest.update((byte) '}');
        byte[] sha = digest.digest();
        lines.putAscii(",\"hash\":\"");
        int hashAt = lines.size();
        lines.putHex(sha);
        String hash = lines.ascii(hashAt, lines.size());
        byte[] hashBytes = lines.copy(hashAt, lines.size());
        lines.put('"');
        Optional<String> mac = key.isPresent() ? Optional.of(key.get().sign(hash)) : Optional.empty();
        if (mac.isPresent()) {
            lines.putAscii(",\"mac\":\"");
            lines.putAscii(mac.get());
            lines.put('"');
        }
        lines.put(text, p.tailAt(), text.length);
        lines.put('}');
        int end = lines.size();
        lines.put('\n');
        Sealed sealed = new Sealed(p, node, seq, lastHash, hash, mac, start, end);
        lastSeq = seq;
        lastHash = hash;
        lastHashBytes = hashBytes;
        return sealed;
    }

    /** The record that continues the chain with {@code entry}; the chain then ends with it. */
    public ConsentRecord append(LogEntry entry) {
        return seal(prepare(node, entry), new LineBuffer()).record();
    }

    /** The head after the last appended record, signed when there is an audit key. */
    public ChainHead head() {
        return ChainHead.of(node, lastSeq, lastHash, key);
    }

    public String node() {
        return node;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public String lastHash() {
        return lastHash;
    }
}
