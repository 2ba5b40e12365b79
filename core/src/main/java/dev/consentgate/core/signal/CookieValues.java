package dev.consentgate.core.signal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Reading other consent managers' cookie values defensively: bounded length, one pair of RFC 6265 quotes, strict
 * %-decoding to UTF-8, and JSON with tight limits. Every method answers empty rather than throw. Thread-safe.
 */
final class CookieValues {

    /** Longest value read; browsers keep at most 4096 bytes per cookie (RFC 6265 §6.1). */
    static final int MAX_LENGTH = 4096;

    // Consent manager cookies nest two or three levels deep; anything deeper is not theirs.
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(8)
                            .maxStringLength(MAX_LENGTH)
                            .maxNumberLength(20)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CookieValues() {
    }

    /**
     * The one value of {@code name} in the request, unquoted and at most {@link #MAX_LENGTH} long; empty when there is
     * none, when it is too long, or when the browser sent several that differ (which one is current cannot be told).
     */
    static Optional<String> single(SignalRequest request, String name) {
        List<String> values = request.cookieValues(name);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String first = values.get(0);
        for (String v : values) {
            if (!v.equals(first)) {
                return Optional.empty();
            }
        }
        return first.length() > MAX_LENGTH ? Optional.empty() : Optional.of(unquote(first));
    }

    /** RFC 6265 §4.1.1 allows a DQUOTE-wrapped value; some clients and proxies add the quotes. */
    static String unquote(String value) {
        return value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"'
                ? value.substring(1, value.length() - 1) : value;
    }

    /**
     * {@code %XX} escapes decoded as UTF-8 ({@code +} stays a plus unless {@code plusIsSpace}); empty on a broken
     * escape or bytes that are not UTF-8.
     */
    static Optional<String> percentDecode(String value, boolean plusIsSpace) {
        if (value.indexOf('%') < 0 && !(plusIsSpace && value.indexOf('+') >= 0)) {
            return Optional.of(value);
        }
        ByteBuffer bytes = ByteBuffer.allocate(value.length() * 3);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.put((byte) ' ');
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** A JSON object, possibly %-encoded as a whole; empty for anything else or past the limits. */
    static Optional<JsonNode> jsonObject(String value) {
        String text = value;
        if (!text.startsWith("{")) {
            Optional<String> decoded = percentDecode(text, false);
            if (decoded.isEmpty() || !decoded.get().startsWith("{")) {
                return Optional.empty();
            }
            text = decoded.get();
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (Exception e) {
            // Jackson's messages quote the input: never logged here.
            return Optional.empty();
        }
    }
}
