package dev.consentgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CookieHeadersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "_ga=GA1.1.1.2; Path=/|_ga",
        " _ga =GA1; Path=/|_ga",
        "_ga=|_ga",
        "_ga|''",
        "_ga; Path=/x=y|''",
        "=v; Path=/|''",
        "a=b=c|a",
        "a=b;c=d|a",
    })
    void setCookieName_tableOfValues_isTheTrimmedTextBeforeTheFirstEqualsOfTheFirstPart(String setCookie,
            String expected) {
        assertThat(CookieHeaders.setCookieName(setCookie)).isEqualTo(expected.equals("''") ? "" : expected);
    }
}
