package dev.consentgate.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AdParamsTest {

    @Test
    void of_query_keepsOnlyAttributionParameters() {
        Map<String, String> params = AdParams.of("q=secret&utm_source=news%20letter&utm_medium=email"
                + "&gclid=Cj0KCQ&fbclid=IwAR2&email=a%40b.example&token=abc&utm_campaign=spring+sale");

        assertThat(params).containsExactly(Map.entry("fbclid", "IwAR2"), Map.entry("gclid", "Cj0KCQ"),
                Map.entry("utm_campaign", "spring sale"), Map.entry("utm_medium", "email"),
                Map.entry("utm_source", "news letter"));
    }

    @Test
    void of_repeatedParameter_keepsFirst() {
        assertThat(AdParams.of("utm_source=a&utm_source=b")).containsExactly(Map.entry("utm_source", "a"));
    }

    @Test
    void of_encodedCrLfAndFakeRecord_isCleaned() {
        assertThat(AdParams.of("utm_source=x%0D%0A%7B%22ip%22%3A%226.6.6.6%22%7D"))
                .containsExactly(Map.entry("utm_source", "x??{\"ip\":\"6.6.6.6\"}"));
    }

    @Test
    void of_malformedOrEmpty_isSkipped() {
        assertThat(AdParams.of("utm_source=%zz&utm_medium=&gclid&utm_term=ok&UTM_SOURCE=x&utm_=x"))
                .containsExactly(Map.entry("utm_term", "ok"));
        assertThat(AdParams.of("")).isEmpty();
    }

    @Test
    void of_manyParametersAndLongValues_areBounded() {
        String query = IntStream.range(0, 40).mapToObj(i -> "utm_p" + i + "=v").collect(Collectors.joining("&"))
                + "&utm_long=" + "x".repeat(1_000);

        assertThat(AdParams.of(query)).hasSize(AdParams.MAX_PARAMS);
        assertThat(AdParams.of("utm_long=" + "x".repeat(1_000)).get("utm_long"))
                .hasSize(AdParams.MAX_VALUE + LogSafe.CUT.length());
    }
}
