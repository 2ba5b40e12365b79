package dev.consentgate.core.consent;

import static dev.consentgate.core.consent.CookieValueSyntax.decodeBase64Url;
import static dev.consentgate.core.consent.CookieValueSyntax.fieldEnd;
import static dev.consentgate.core.consent.CookieValueSyntax.isCategoryId;
import static dev.consentgate.core.consent.CookieValueSyntax.isValueChar;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
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
 * unknown key ids and characters outside the format before any cryptography, reuses one {@link Mac} per thread and
 * key, and compares signatures in constant time ({@link MessageDigest#isEqual}). A value is rejected when it is
 * forged, truncated, signed by a key not listed, of another format version or policy revision, expired
 * ({@code expiresAt <= now}), decided more than a day ahead of the clock (skew allowance), expires before it was
 * decided, or malformed in any other way; the signed fields are parsed only once the signature holds.
 *
 * <p>Thread-safe. Create one per key set and share it: each instance holds its own per-thread {@link Mac}s. The
 * thread-local values are JDK types only, so they do not pin a web application's class loader.
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

    private final Clock clock;
    private final String[] keyIds;
    private final List<ThreadLocal<Mac>> macs;
    private final ThreadLocal<byte[][]> scratch;

    private ConsentCookieCodec(Clock clock, String[] keyIds, List<ThreadLocal<Mac>> macs) {
        this.clock = clock;
        this.keyIds = keyIds;
        this.macs = macs;
        this.scratch = ThreadLocal.withInitial(
                () -> new byte[][] {new byte[MAX_INPUT_LENGTH], new byte[MAC_BYTES], new byte[MAC_BYTES]});
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
        List<ThreadLocal<Mac>> macs = new ArrayList<>(all.size());
        for (int i = 0; i < ids.length; i++) {
            ids[i] = all.get(i).id();
            SecretKeySpec secret = new SecretKeySpec(all.get(i).secret(), ALGORITHM);
            newMac(secret); // fail now rather than on the first request
            macs.add(ThreadLocal.withInitial(() -> newMac(secret)));
        }
        return new ConsentCookieCodec(clock, ids, List.copyOf(macs));
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
        Mac mac = macs.get(0).get();
        byte[] signature = mac.doFinal(value.toString().getBytes(StandardCharsets.US_ASCII));
        return value.append('.').append(Base64.getUrlEncoder().withoutPadding().encodeToString(signature)).toString();
    }

    /**
     * The state in a cookie value, with source {@link DecisionSource#COOKIE}; empty for anything forged, truncated,
     * signed by an unknown key, expired, of another policy revision than {@code currentRevision}, or malformed.
     * Never throws on any input; {@code null} is empty too.
     */
    public Optional<ConsentState> decode(String value, int currentRevision) {
        if (value == null) {
            return Optional.empty();
        }
        int length = value.length();
        if (length < MIN_LENGTH || length > MAX_INPUT_LENGTH || value.charAt(0) != VERSION
                || value.charAt(1) != '.') {
            return Optional.empty();
        }
        int keyEnd = value.indexOf('.', 2);
        int key = keyEnd < 0 ? -1 : keyIndex(value, 2, keyEnd);
        int signatureDot = length - SIGNATURE_CHARS - 1;
        if (key < 0 || signatureDot <= keyEnd || value.charAt(signatureDot) != '.') {
            return Optional.empty();
        }
        byte[][] buffers = scratch.get();
        if (!verify(value, signatureDot, macs.get(key).get(), buffers)) {
            return Optional.empty();
        }
        return parsePayload(value, keyEnd + 1, signatureDot, currentRevision, buffers[PROVIDED]);
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

    private static boolean verify(String value, int signedLength, Mac mac, byte[][] buffers) {
        byte[] signed = buffers[SIGNED];
        for (int i = 0; i < signedLength; i++) {
            char c = value.charAt(i);
            if (!isValueChar(c)) {
                return false;
            }
            signed[i] = (byte) c;
        }
        if (!decodeBase64Url(value, signedLength + 1, SIGNATURE_CHARS, buffers[PROVIDED])) {
            return false;
        }
        mac.update(signed, 0, signedLength);
        try {
            mac.doFinal(buffers[COMPUTED], 0); // also resets the Mac for the next use
        } catch (ShortBufferException e) {
            throw new IllegalStateException("scratch buffer shorter than the mac", e);
        }
        return MessageDigest.isEqual(buffers[COMPUTED], buffers[PROVIDED]);
    }

    /** Parses the signed fields between the key id and the signature; {@code bytes} is free scratch space. */
    private Optional<ConsentState> parsePayload(String value, int from, int to, int currentRevision, byte[] bytes) {
        int idEnd = from + CONSENT_ID_CHARS;
        if (idEnd >= to || value.charAt(idEnd) != '.' || !decodeBase64Url(value, from, CONSENT_ID_CHARS, bytes)) {
            return Optional.empty();
        }
        int revisionEnd = fieldEnd(value, idEnd + 1, to);
        long revision = parseNumber(value, idEnd + 1, revisionEnd, 10, MAX_REVISION_CHARS, Integer.MAX_VALUE);
        if (revision < 0 || revision != currentRevision) {
            return Optional.empty();
        }
        int decidedEnd = fieldEnd(value, revisionEnd + 1, to);
        long decidedAt = parseNumber(value, revisionEnd + 1, decidedEnd, 36, MAX_TIME_CHARS, MAX_EPOCH_SECOND);
        int expiresEnd = fieldEnd(value, decidedEnd + 1, to);
        long expiresAt = parseNumber(value, decidedEnd + 1, expiresEnd, 36, MAX_TIME_CHARS, MAX_EPOCH_SECOND);
        if (decidedAt < 0 || expiresAt < decidedAt) {
            return Optional.empty();
        }
        long now = clock.instant().getEpochSecond();
        // Whole seconds: expiresAt <= now exactly when expiresAt's second <= now's second.
        if (expiresAt <= now || decidedAt > now + CLOCK_SKEW_SECONDS) {
            return Optional.empty();
        }
        Set<String> granted = parseCategories(value, expiresEnd + 1, to);
        if (granted == null) {
            return Optional.empty();
        }
        UUID consentId = new UUID(readLong(bytes, 0), readLong(bytes, 8));
        return Optional.of(ConsentState.decided(consentId, granted, (int) revision,
                Instant.ofEpochSecond(decidedAt), Instant.ofEpochSecond(expiresAt), DecisionSource.COOKIE));
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
