package dev.consentgate.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrowsersTest {

    static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/124.0.0.0 Safari/537.36";
    static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
    static final String SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like"
            + " Gecko) Version/17.4.1 Safari/605.1.15";
    static final String EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80";
    static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

    private final Browsers browsers = new Browsers();

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        CHROME + "  | Chrome 124 / Windows",
        FIREFOX + " | Firefox 125 / Linux",
        SAFARI + "  | Safari 17 / Mac OS X",
        EDGE + "    | Edge 124 / Windows",
        IPHONE + "  | Mobile Safari 17 / iOS",
        "curl/8.5.0 | curl 8 / Other",
    })
    void family_realUserAgent_isFamilyMajorAndOs(String userAgent, String expected) {
        assertThat(browsers.family(userAgent)).hasValue(expected);
    }

    @Test
    void family_crLfAndFakeRecord_isOneCleanValue() {
        assertThat(browsers.family(CHROME + "\r\n{\"ip\":\"6.6.6.6\"}")).hasValue("Chrome 124 / Windows");
        assertThat(browsers.family("\r\n{\"ip\":\"6.6.6.6\"}")).hasValue("Other / Other");
    }

    @Test
    void family_pastBudget_isEmptyUntilTheBudgetRefills() {
        AtomicLong now = new AtomicLong();
        Browsers limited = new Browsers(now::get);
        for (int i = 0; i < Browsers.PARSES_PER_SECOND; i++) {
            assertThat(limited.family(CHROME + " n" + i)).as("parse %d", i).isPresent();
        }

        assertThat(limited.family(FIREFOX)).isEmpty();
        assertThat(limited.family(CHROME + " n0")).as("cached").hasValue("Chrome 124 / Windows");
        now.addAndGet(TimeUnit.SECONDS.toNanos(1) / Browsers.PARSES_PER_SECOND);
        assertThat(limited.family(FIREFOX)).hasValue("Firefox 125 / Linux");
        assertThat(limited.family(SAFARI)).isEmpty();
    }
}
