package dev.consentgate.core.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading pairs of the raw Cookie header in place, against a plain split-and-strip reading of RFC 6265 §5.4. */
class CookiePairsTest {

    private static final String NAME = "consentgate";

    /** The oracle: split on ';', strip, skip empty, name before the first '=' stripped, at most 200 pairs. */
    private static List<SignalRequest.RawCookie> reference(String header) {
        List<SignalRequest.RawCookie> pairs = new ArrayList<>();
        for (String part : header.split(";", -1)) {
            String raw = part.strip();
            if (raw.isEmpty() || pairs.size() >= CookiePairs.MAX_PAIRS) {
                continue;
            }
            int eq = raw.indexOf('=');
            pairs.add(new SignalRequest.RawCookie(eq < 0 ? "" : raw.substring(0, eq).strip(),
                    eq < 0 ? raw : raw.substring(eq + 1).strip()));
        }
        return pairs;
    }

    private static List<String> found(String header) {
        List<String> values = new ArrayList<>();
        for (long v = CookiePairs.findValue(header, NAME, 0); v >= 0; v = CookiePairs.findValue(header, NAME, (int) v)) {
            values.add(header.substring((int) (v >>> 32), (int) v));
        }
        return values;
    }

    private static List<String> referenceValues(String header) {
        return reference(header).stream().filter(c -> c.name().equals(NAME)).map(SignalRequest.RawCookie::value)
                .toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "consentgate=v|v",
        "a=1; consentgate=v; b=2|v",
        "a=1;consentgate=v;b=2|v",
        "  consentgate  =  v  ; b=2|v",
        "\tconsentgate=v\t|v",
        "a=consentgate=x; consentgate=v|v",
        "a=b consentgate=x|",
        "xconsentgate=x; consentgateX=y; consentgate|",
        "consentgate=|''",
        "consentgate=\"q\"; consentgate=w|\"q\",w",
        "a=1; =consentgate=x|",
    })
    void findValue_tableOfHeaders_findsTheValuesOfThatName(String header, String expected) {
        List<String> want = expected == null ? List.of()
                : expected.equals("''") ? List.of("") : List.of(expected.split(","));
        assertThat(found(header)).isEqualTo(want).isEqualTo(referenceValues(header));
    }

    @Test
    void findValue_randomHeaders_agreesWithTheReferenceReading() {
        Random random = new Random(6265);
        String[] pieces = {NAME, "a", "=", ";", " ", "\t", "v", "x" + NAME, NAME + "x", "\u2003", "\"", ",", "~"};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder header = new StringBuilder();
            int parts = random.nextInt(14);
            for (int p = 0; p < parts; p++) {
                header.append(pieces[random.nextInt(pieces.length)]);
            }
            String h = header.toString();
            assertThat(found(h)).as("header [%s]", h).isEqualTo(referenceValues(h));
            assertThat(SignalRequest.ofCookieHeader(h, name -> null).cookies()).as("header [%s]", h)
                    .isEqualTo(reference(h));
        }
    }

    @Test
    void findValue_beyondTheFirst200Pairs_isNotRead() {
        for (int before : new int[] {198, 199, 200, 250}) {
            String header = "a=1; ".repeat(before) + NAME + "=v";
            assertThat(found(header)).as("%d pairs before", before).isEqualTo(referenceValues(header))
                    .hasSize(before < CookiePairs.MAX_PAIRS ? 1 : 0);
            String padded = " ; ".repeat(300) + header; // empty pairs do not count
            assertThat(found(padded)).isEqualTo(referenceValues(padded)).isEqualTo(found(header));
        }
    }

    @Test
    void findValue_randomHeadersAroundThe200PairBound_agreesWithTheReferenceReading() {
        // Pairs of one character up to long ones, and empty or blank segments (which do not count), so the
        // consent cookie lands on either side of the bound at every distance from the start of the header.
        // Half the headers are dense: the shortest pairs there are ("a;"), where the bound is tightest.
        Random random = new Random(200);
        String[] mixed = {"a", "a=1", "_ga=GA1.1.123456789.1732540012", "x".repeat(150), " ", "", "\t", "b = 2 "};
        String[] dense = {"a", "a", "a", "", " "};
        for (int n = 0; n < 3_000; n++) {
            String[] pairs = n % 2 == 0 ? mixed : dense;
            StringBuilder header = new StringBuilder();
            int before = pairs == mixed ? 150 + random.nextInt(120) : 250 + random.nextInt(150);
            for (int p = 0; p < before; p++) {
                header.append(pairs[random.nextInt(pairs.length)]).append(pairs == mixed && random.nextBoolean() ? "; "
                        : ";");
            }
            header.append(NAME).append("=v");
            if (random.nextBoolean()) {
                header.append("; ").append(pairs[random.nextInt(pairs.length)]).append("; ").append(NAME).append("=w");
            }
            String h = header.toString();
            assertThat(found(h)).as("header [%s]", h).isEqualTo(referenceValues(h));
        }
    }

    @Test
    void isFindable_namesWithSeparatorsOrOuterSpace_areWalkedInstead() {
        assertThat(CookiePairs.isFindable(NAME)).isTrue();
        assertThat(CookiePairs.isFindable("")).isFalse();
        assertThat(CookiePairs.isFindable("a=b")).isFalse();
        assertThat(CookiePairs.isFindable("a;b")).isFalse();
        assertThat(CookiePairs.isFindable(" a")).isFalse();
    }
}
