package dev.consentgate.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CanonicalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String canonical(String json) throws Exception {
        return new String(Canonical.bytes(JSON.readTree(json)), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // RFC 8785 §3.2.3: keys sorted by UTF-16 code units, nested objects too; no whitespace
        "{ \"b\": 1, \"a\": [true, null, \"x\"], \"c\": {\"z\": 0, \"y\": -5} }|{\"a\":[true,null,\"x\"],\"b\":1,\"c\":{\"y\":-5,\"z\":0}}",
        // §3.2.2.2: only the mandatory escapes, control characters as lower-case \\u00xx
        "{\"s\": \"tab\\there \\u0001 \\\"q\\\" \\\\ \\u00e9 \\u20ac /\"}|{\"s\":\"tab\\there \\u0001 \\\"q\\\" \\\\ é € /\"}"
    })
    void bytes_rfc8785Examples(String input, String expected) throws Exception {
        assertThat(canonical(input)).isEqualTo(expected);
    }

    @Test
    void bytes_keysSortedByUtf16CodeUnits() throws Exception {
        // RFC 8785 §3.2.3: an astral character (surrogates D83D DE00) sorts before U+FB33, unlike code point order
        String json = "{\"\\ufb33\": 1, \"\\ud83d\\ude00\": 2, \"\\u00e9\": 3, \"\\r\": 4}";

        assertThat(canonical(json)).isEqualTo("{\"\\r\":4,\"\u00e9\":3,\"\ud83d\ude00\":2,\"\ufb33\":1}");
    }

    @Test
    void bytes_fraction_isRefused() {
        assertThatThrownBy(() -> canonical("{\"a\": 1.5}")).hasMessage("only integers up to 2^53 can be canonicalised");
    }
}
