package dev.consentgate.core.consent;

import static dev.consentgate.core.consent.CookieValueSyntax.areValueBytes;
import static dev.consentgate.core.consent.CookieValueSyntax.decodeBase64Url;
import static dev.consentgate.core.consent.CookieValueSyntax.fieldEnd;
import static dev.consentgate.core.consent.CookieValueSyntax.isCategoryId;
import static dev.consentgate.core.consent.CookieValueSyntax.parseNumber;
import static dev.consentgate.core.consent.CookieValueSyntax.readLong;
import static java.util.Objects.requireNonNull;

import dev.consentgate.core.policy.ConsentCategory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a decided {@link ConsentState} into the value of the signed consent cookie and back.
 *
 * <h2>Format, version 1</h2>
 * <pre>{@code 1.<keyId>.<consentId>.<revision>.<decidedAt>.<expiresAt>.<categories>.<signature>}</pre>
 * <ol>
 *   <li>{@code 1}: the format version.
 *   <li>{@code keyId}: the id of the {@link SigningKey} that signed it ({@code [A-Za-z0-9_-]{1,16}}).
 *   <li>{@code consentId}: the consent UUID's 16 bytes, base64url without padding (22 characters).
 *   <li>{@code revision}: the policy revision, decimal.
 *   <li>{@code decidedAt}, {@code expiresAt}: epoch seconds, base 36, lower case. Instants are truncated to the
 *       second.
 *   <li>{@code categories}: the granted category ids joined with {@code ~}, sorted, without {@code necessary}
 *       (always implied); empty when only necessary is granted.
 *   <li>{@code signature}: HMAC-SHA256 (RFC 2104) over the ASCII bytes of everything before the last {@code .},
 *       base64url without padding (43 characters). The version and key id are signed too, so neither can be
 *       swapped.
 * </ol>
 * For example, consent {@code 3f1c2b9e-7d4a-4c1e-9b2f-5a6d7e8f9012} to analytics and marketing under revision 3,
 * decided at 2025-03-01T10:15:30Z for 365 days and signed with key {@code k2}, is these 107 characters:
 * <pre>{@code 1.k2.Pxwrnn1KTB6bL1ptfo-QEg.3.ssfwhu.tb7ttu.analytics~marketing.<43-character signature>}</pre>
 *
 * <p>Values use only {@code [A-Za-z0-9_.~-]}: RFC 6265 §4.1.1 cookie-octets that are also RFC 3986 unreserved
 * characters, so neither cookie quoting nor percent-encoding changes them ({@code +}, by contrast, becomes a space
 * wherever a framework form-decodes cookie values).
 * {@link #encode} never produces more than {@value #MAX_LENGTH} characters.
 *
 * <h2>Decoding</h2>
 * {@link #decode} runs on every request, so it scans by hand (no regex, split or JSON), rejects oversized values,
 * unknown key ids and characters outside the format before any cryptography, computes the HMAC with a reused
 * per-thread SHA-256 digest and nothing allocated ({@code HmacSha256}), and compares signatures in constant time ({@link MessageDigest#isEqual}). A value is rejected when it is
 * forged, truncated, signed by a key not listed, of another format version or policy revision, expired
 * ({@code expiresAt <= now}), decided more than a day ahead of the clock (skew allowance), expires before it was
 * decided, or malformed in any other way; the signed fields are parsed only once the signature holds.
 *
 * <h2>Repeat visitors</h2>
 * A visitor sends the same value on every request, so a value seen twice that verified is kept in a small
 * direct-mapped cache ({@value #CACHE_SLOTS} slots, a slot per value chosen by a few signature characters, which are
 * uniform because they are an HMAC). A later request is answered from it only when its value is character for
 * character the one that verified, the policy revision is the same, and the times still hold now: so a forged value
 * never matches an entry, expiry is checked on every request, and a codec built for other keys starts empty. A
 * value is cached only the second time it verifies (a first sighting just marks its slot), so distinct one-off
 * values cost no allocation for the cache. Colliding values take each other's slot: an attacker can at worst make
 * values be verified again, never make one be accepted.
 *
 * <p>Thread-safe. Create one per key set and share it: each instance holds its own per-thread {@link Mac}, digest and
 * scratch arrays. The thread-local values are JDK types only, so they do not pin a web application's class loader.
 */
public final class ConsentCookieCodec {

    /** Longest value {@link #encode} produces. */
    public static final int MAX_LENGTH = 200;

    private static final char VERSION = '1';
    private static final String ALGORITHM = "HmacSHA256";
    // Longer values are rejected before any work; the slack over MAX_LENGTH leaves room for a later format.
    private static final int MAX_INPUT_LENGTH = 2 * MAX_LENGTH;
    private static final int MAC_BYTES = 32;
    private static final int SIGNATURE_CHARS = 43;
    private static final int CONSENT_ID_CHARS = 22;
    private static final int MAX_REVISION_CHARS = 10;
    private static final int MAX_TIME_CHARS = 11;
    private static final long MAX_EPOCH_SECOND = Instant.MAX.getEpochSecond();
    private static final long CLOCK_SKEW_SECONDS = 24 * 60 * 60;
    // "1." + one-character key id, revision and times, no categories, the separators and the signature
    private static final int MIN_LENGTH = 2 + 1 + 1 + CONSENT_ID_CHARS + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
            + SIGNATURE_CHARS;

    // Indexes into the per-thread scratch arrays.
    private static final int SIGNED = 0;
    private static final int COMPUTED = 1;
    private static final int PROVIDED = 2;
    private static final int OUTER = 3;

    static final int CACHE_SLOTS = 1024;
    // Category lists seen in verified values, each kept once with its set; bounded, since only signed values add.
    private static final int MAX_CATEGORY_LISTS = 64;

    private final Clock clock;
    private final String[] keyIds;
    private final ThreadLocal<Mac> signer;
    private final HmacSha256[] verifiers;
    private final ThreadLocal<byte[][]> scratch = ThreadLocal.withInitial(() -> new byte[][] {
        new byte[HmacSha256.BLOCK + MAX_INPUT_LENGTH], new byte[MAC_BYTES], new byte[MAC_BYTES],
        new byte[HmacSha256.BLOCK + MAC_BYTES]});
    private final ThreadLocal<MessageDigest> digests = ThreadLocal.withInitial(HmacSha256::newDigest);
    private final AtomicReferenceArray<Verified> verified = new AtomicReferenceArray<>(CACHE_SLOTS);
    private final AtomicLongArray seen = new AtomicLongArray(CACHE_SLOTS);
    private volatile CategoryList[] categoryLists = new CategoryList[0];

    /** A value that verified, and what it decoded to. */
    private record Verified(String value, ConsentState decoded) {
    }

    /** The {@code categories} field of a verified value and its granted set, shared by every state from it. */
    private record CategoryList(String field, Set<String> granted) {
    }

    private ConsentCookieCodec(Clock clock, String[] keyIds, ThreadLocal<Mac> signer, HmacSha256[] verifiers) {
        this.clock = clock;
        this.keyIds = keyIds;
        this.signer = signer;
        this.verifiers = verifiers;
    }

    /**
     * A codec that signs with the newest key, verifies with any, and reads the time from {@code clock}.
     *
     * @throws IllegalStateException when the JDK offers no HmacSHA256
     */
    public static ConsentCookieCodec create(SigningKeys keys, Clock clock) {
        requireNonNull(keys, "keys");
        requireNonNull(clock, "clock");
        List<SigningKey> all = keys.all();
        String[] ids = new String[all.size()];
        HmacSha256[] verifiers = new HmacSha256[all.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = all.get(i).id();
            verifiers[i] = new HmacSha256(all.get(i).secret());
        }
        SecretKeySpec newest = new SecretKeySpec(all.get(0).secret(), ALGORITHM);
        newMac(newest); // fail now rather than on the first request
        HmacSha256.newDigest();
        return new ConsentCookieCodec(clock, ids, ThreadLocal.withInitial(() -> newMac(newest)), verifiers);
    }

    /**
     * The cookie value for a decided state, signed with the newest key.
     *
     * @throws IllegalArgumentException when the state is undecided, has a negative policy revision, was decided
     *                                  before 1970, grants an id that is not a category id, or grants more
     *                                  categories than fit in {@value #MAX_LENGTH} characters
     */
    public String encode(ConsentState state) {
        requireNonNull(state, "state");
        if (state.consentId().isEmpty()) {
            throw new IllegalArgumentException("only a decided consent state can be encoded");
        }
        if (state.policyRevision() < 0) {
            throw new IllegalArgumentException("policy revision must not be negative, got " + state.policyRevision());
        }
        long decidedAt = state.decidedAt().orElseThrow().getEpochSecond();
        long expiresAt = state.expiresAt().orElseThrow().getEpochSecond();
        if (decidedAt < 0) {
            throw new IllegalArgumentException("decidedAt must not be before 1970-01-01T00:00:00Z");
        }
        StringBuilder value = new StringBuilder(MAX_LENGTH)
                .append(VERSION).append('.').append(keyIds[0]).append('.')
                .append(encodeUuid(state.consentId().orElseThrow())).append('.')
                .append(state.policyRevision()).append('.')
                .append(Long.toString(decidedAt, 36)).append('.')
                .append(Long.toString(expiresAt, 36)).append('.');
        int categories = 0;
        for (String id : state.granted()) {
            if (id.equals(ConsentCategory.NECESSARY)) {
                continue;
            }
            if (!isCategoryId(id, 0, id.length())) {
                throw new IllegalArgumentException("granted category id must match [a-z][a-z0-9_-]{0,31}, got '"
                        + id + "'");
            }
            if (categories++ > 0) {
                value.append('~');
            }
            value.append(id);
        }
        int length = value.length() + 1 + SIGNATURE_CHARS;
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("consent cookie would be " + length + " characters, over the limit of "
                    + MAX_LENGTH + ": " + categories + " granted categories are too many or their ids too long");
        }
        Mac mac = signer.get();
        byte[] signature = mac.doFinal(value.toString().getBytes(StandardCharsets.US_ASCII));
        return value.append('.').append(Base64.getUrlEncoder().withoutPadding().encodeToString(signature)).toString();
    }

    /**
     * The state in a cookie value, with source {@link DecisionSource#COOKIE}; empty for anything forged, truncated,
     * signed by an unknown key, expired, of another policy revision than {@code currentRevision}, or malformed.
     * Never throws on any input; {@code null} is empty too.
     */
    public Optional<ConsentState> decode(String value, int currentRevision) {
        return value == null ? Optional.empty() : decode(value, 0, value.length(), currentRevision);
    }

    /**
     * As {@link #decode(String, int)} for the value in {@code text[from, to)}, such as a cookie's value inside the
     * whole {@code Cookie} header: nothing is copied out of {@code text} to decode it.
     *
     * @throws IndexOutOfBoundsException when the range is not inside {@code text}
     */
    public Optional<ConsentState> decode(String text, int from, int to, int currentRevision) {
        return Optional.ofNullable(decodeOr(text, from, to, currentRevision, null));
    }

    /**
     * As {@link #decode(String, int, int, int)}, answering the state itself, or {@code otherwise} (returned as given,
     * null included) for anything {@code decode} answers empty for. For the per-request path, which should allocate
     * nothing but the state for a new value and nothing at all for a repeat one: an {@code Optional} made here
     * escapes into the cache and the caller's loop over duplicate cookies, so the JIT cannot remove it.
     *
     * @throws IndexOutOfBoundsException when the range is not inside {@code text}
     */
    public ConsentState decodeOr(String text, int from, int to, int currentRevision, ConsentState otherwise) {
        requireNonNull(text, "text");
        Objects.checkFromToIndex(from, to, text.length());
        int length = to - from;
        if (length < MIN_LENGTH || length > MAX_INPUT_LENGTH) {
            return otherwise;
        }
        // A repeat visitor's value first: a value equal to one that verified under these keys needs no other check
        // of its form (its key id and version are among the characters compared), only of its times.
        long tag = tag(text, to - SIGNATURE_CHARS);
        Verified hit = verified.get(slot(tag));
        if (hit != null && hit.value.length() == length && matches(text, from, hit.value)) {
            ConsentState s = hit.decoded;
            return s.policyRevision() == currentRevision && s.holdsAt(epochSecond(), CLOCK_SKEW_SECONDS) ? s
                    : otherwise;
        }
        if (text.charAt(from) != VERSION || text.charAt(from + 1) != '.') {
            return otherwise;
        }
        int keyEnd = text.indexOf('.', from + 2);
        int key = keyEnd < 0 || keyEnd >= to ? -1 : keyIndex(text, from + 2, keyEnd);
        int signatureDot = to - SIGNATURE_CHARS - 1;
        if (key < 0 || signatureDot <= keyEnd || text.charAt(signatureDot) != '.') {
            return otherwise;
        }
        long now = epochSecond();
        ConsentState decoded = verifyNew(text, from, to, key, keyEnd, currentRevision, now, tag);
        return decoded != null ? decoded : otherwise;
    }

    /**
     * The miss path of {@link #decodeOr}, kept out of it so that the JIT inlines the hit path (a repeat visitor's)
     * into its caller: verifies, parses and admits to the cache a value whose key index, key-id end and cache tag
     * are known; null when it does not verify or parse.
     */
    private ConsentState verifyNew(String text, int from, int to, int key, int keyEnd, int currentRevision, long now,
            long tag) {
        int signatureDot = to - SIGNATURE_CHARS - 1;
        byte[][] buffers = scratch.get();
        if (!verify(text, from, signatureDot, verifiers[key], buffers)) {
            return null;
        }
        ConsentState decoded = parsePayload(text, keyEnd + 1, signatureDot, currentRevision, now,
                buffers[PROVIDED]);
        if (decoded == null) {
            return null;
        }
        // Cached on the second sighting only: a one-off value costs no copy. Both arrays are hints, so no fences:
        // a lost or stale mark only costs a verification, and the record's fields are final.
        int slot = slot(tag);
        if (seen.getOpaque(slot) == tag) {
            verified.setRelease(slot, new Verified(text.substring(from, to), decoded));
        } else {
            seen.setOpaque(slot, tag);
        }
        return decoded;
    }

    /**
     * Whether {@code value} occurs in {@code text} at {@code from}. {@code indexOf} rather than
     * {@code regionMatches}: on JDK 17 the latter compares byte by byte, while {@code indexOf} is a vectorised
     * intrinsic, several times faster over a whole cookie value. Any other outcome, a match further on included,
     * is a miss.
     */
    private static boolean matches(String text, int from, String value) {
        return text.indexOf(value, from) == from;
    }

    /** The clock's second; without an {@code Instant} for clocks that answer {@code millis} directly. */
    private long epochSecond() {
        try {
            return Math.floorDiv(clock.millis(), 1000L);
        } catch (ArithmeticException e) {
            return clock.instant().getEpochSecond(); // beyond the millisecond range
        }
    }

    /** Up to 9 signature characters as a number: an HMAC is uniform, so no hashing is needed to spread slots. */
    private static long tag(String text, int from) {
        long tag = 0;
        for (int i = from; i < from + 9; i++) {
            tag = (tag << 7) ^ text.charAt(i);
        }
        return tag;
    }

    private static int slot(long tag) {
        return (int) (tag ^ (tag >>> 29)) & (CACHE_SLOTS - 1);
    }

    private int keyIndex(String value, int from, int to) {
        int length = to - from;
        for (int i = 0; i < keyIds.length; i++) {
            String id = keyIds[i];
            if (id.length() == length && value.regionMatches(from, id, 0, length)) {
                return i;
            }
        }
        return -1;
    }

    // String.getBytes(int, int, byte[], int) is deprecated because it keeps only each character's low byte. Here
    // that is safe: a character above U+00FF whose low byte is a value character passes this check, but never the
    // parse, which reads every signed character again as a character once the signature holds (a test covers every
    // position). What it buys: one array copy, where a charAt loop cost several times as much.
    @SuppressWarnings("deprecation")
    private boolean verify(String text, int from, int signatureDot, HmacSha256 hmac, byte[][] buffers) {
        byte[] signed = buffers[SIGNED];
        int signedLength = signatureDot - from;
        text.getBytes(from, signatureDot, signed, HmacSha256.BLOCK);
        if (!areValueBytes(signed, HmacSha256.BLOCK, HmacSha256.BLOCK + signedLength)) {
            return false;
        }
        if (!decodeBase64Url(text, signatureDot + 1, SIGNATURE_CHARS, buffers[PROVIDED])) {
            return false;
        }
        hmac.compute(digests.get(), signed, signedLength, buffers[OUTER], buffers[COMPUTED]);
        return MessageDigest.isEqual(buffers[COMPUTED], buffers[PROVIDED]);
    }

    /**
     * Parses the signed fields between the key id and the signature; null when one is invalid, expired or of
     * another revision. {@code bytes} is free scratch space.
     */
    private ConsentState parsePayload(String value, int from, int to, int currentRevision, long now, byte[] bytes) {
        int idEnd = from + CONSENT_ID_CHARS;
        if (idEnd >= to || value.charAt(idEnd) != '.' || !decodeBase64Url(value, from, CONSENT_ID_CHARS, bytes)) {
            return null;
        }
        int revisionEnd = fieldEnd(value, idEnd + 1, to);
        long revision = parseNumber(value, idEnd + 1, revisionEnd, 10, MAX_REVISION_CHARS, Integer.MAX_VALUE);
        if (revision < 0 || revision != currentRevision) {
            return null;
        }
        int decidedEnd = fieldEnd(value, revisionEnd + 1, to);
        long decidedAt = parseNumber(value, revisionEnd + 1, decidedEnd, 36, MAX_TIME_CHARS, MAX_EPOCH_SECOND);
        int expiresEnd = fieldEnd(value, decidedEnd + 1, to);
        long expiresAt = parseNumber(value, decidedEnd + 1, expiresEnd, 36, MAX_TIME_CHARS, MAX_EPOCH_SECOND);
        if (decidedAt < 0 || expiresAt < decidedAt) {
            return null;
        }
        // Whole seconds: expiresAt <= now exactly when expiresAt's second <= now's second.
        if (expiresAt <= now || decidedAt > now + CLOCK_SKEW_SECONDS) {
            return null;
        }
        Set<String> granted = categories(value, expiresEnd + 1, to);
        if (granted == null) {
            return null;
        }
        return ConsentState.fromCookie(readLong(bytes, 0), readLong(bytes, 8), granted, (int) revision, decidedAt,
                expiresAt);
    }

    /**
     * The granted set (with {@code necessary}) for the {@code ~}-separated category ids in {@code [from, to)}, or
     * null when one is not a category id. Only called once the signature holds; a list seen before answers the same
     * shared set.
     */
    private Set<String> categories(String value, int from, int to) {
        CategoryList[] known = categoryLists;
        int length = to - from;
        for (CategoryList c : known) {
            if (c.field.length() == length && value.regionMatches(from, c.field, 0, length)) {
                return c.granted;
            }
        }
        Set<String> granted = parseCategories(value, from, to);
        if (granted == null) {
            return null;
        }
        granted = ConsentState.sorted(granted);
        synchronized (this) {
            CategoryList[] now = categoryLists;
            if (now.length < MAX_CATEGORY_LISTS) {
                CategoryList[] more = Arrays.copyOf(now, now.length + 1);
                more[now.length] = new CategoryList(value.substring(from, to), granted);
                categoryLists = more;
            }
        }
        return granted;
    }

    /** The {@code ~}-separated category ids in {@code [from, to)}, or null when one is not a category id. */
    private static Set<String> parseCategories(String value, int from, int to) {
        if (from >= to) {
            return from == to ? Set.of() : null;
        }
        Set<String> granted = new TreeSet<>();
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || value.charAt(i) == '~') {
                if (!isCategoryId(value, start, i)) {
                    return null;
                }
                granted.add(value.substring(start, i));
                start = i + 1;
            }
        }
        return granted;
    }

    private static String encodeUuid(UUID uuid) {
        byte[] bytes = ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Mac newMac(SecretKeySpec secret) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }
}
