package dev.consentgate.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The record text's own instant writer must write every instant exactly as {@link Instant#toString()}: the text is
 * hashed, and the strict parser reads it back with {@code Instant.parse}.
 */
class IsoInstantProperties {

    private static String written(Instant t) {
        StringBuilder b = new StringBuilder();
        IsoInstant.append(t, b);
        return b.toString();
    }

    @Property(tries = 5_000)
    void anyInstant_isWrittenAsToStringDoes(@ForAll @LongRange(min = -70_000_000_000L, max = 260_000_000_000L) long seconds,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        Instant t = Instant.ofEpochSecond(seconds, nanos);
        assertThat(written(t)).isEqualTo(t.toString());
    }

    @Property(tries = 2_000)
    void wholeMillisAndMicros_keepToStringsDigitGroups(
            @ForAll @LongRange(min = 0, max = 4_102_444_800L) long seconds, @ForAll @IntRange(min = 0, max = 999) int millis,
            @ForAll @IntRange(min = 0, max = 999) int micros) {
        for (Instant t : new Instant[] {Instant.ofEpochSecond(seconds), Instant.ofEpochSecond(seconds, millis * 1_000_000L),
                Instant.ofEpochSecond(seconds, millis * 1_000_000L + micros * 1_000L)}) {
            assertThat(written(t)).isEqualTo(t.toString());
        }
    }

    @Example
    void edges_leapDaysCenturiesAndTheRangesEnds() {
        for (String s : new String[] {"0000-01-01T00:00:00Z", "0000-02-29T23:59:59.999999999Z", "1600-02-29T12:00:00Z",
                "1900-03-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z", "2000-02-29T00:00:00.000001Z",
                "2026-11-25T19:18:01.123456789Z", "2100-02-28T23:59:59Z", "9999-12-31T23:59:59.999999999Z",
                "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z"}) {
            Instant t = Instant.parse(s);
            assertThat(written(t)).isEqualTo(t.toString());
        }
    }
}
