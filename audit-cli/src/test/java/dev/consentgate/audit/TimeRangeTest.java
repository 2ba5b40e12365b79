package dev.consentgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeRangeTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "2026-11-25,                2026-11-25T00:00:00Z",
        "2026-11-25T10:00:00Z,      2026-11-25T10:00:00Z",
        "2026-11-25T10:00Z,         2026-11-25T10:00:00Z",
        "2026-11-25T10:00:00.5Z,    2026-11-25T10:00:00.500Z",
        "2026-11-25T11:00:00+01:00, 2026-11-25T10:00:00Z",
    })
    void instant_isoText_isThatInstant(String text, String expected) throws UsageException {
        assertThat(TimeRange.instant("--from", text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"yesterday", "2026-13-01", "2026-11-25T10:00:00", "25.11.2026", "2026-11-25 10:00",
        "1732530000", ""})
    void instant_notIso_isRejectedQuotingIt(String text) {
        assertThatThrownBy(() -> TimeRange.instant("--to", text)).isInstanceOf(UsageException.class)
                .hasMessage("--to must be an ISO-8601 instant or date such as 2026-11-25, got '" + text + "'");
    }

    @Test
    void contains_fromInclusiveToExclusive() throws UsageException {
        TimeRange range = TimeRange.parse(Optional.of("2026-11-25"), Optional.of("2026-11-26"));

        assertThat(range.contains(Instant.parse("2026-11-24T23:59:59.999Z"))).isFalse();
        assertThat(range.contains(Instant.parse("2026-11-25T00:00:00Z"))).isTrue();
        assertThat(range.contains(Instant.parse("2026-11-25T23:59:59.999Z"))).isTrue();
        assertThat(range.contains(Instant.parse("2026-11-26T00:00:00Z"))).isFalse();
    }

    @Test
    void contains_openEnds_takesEverything() {
        assertThat(TimeRange.ALL.contains(Instant.EPOCH)).isTrue();
        assertThat(TimeRange.ALL.describe()).isEqualTo("all records");
    }

    @Test
    void parse_equalEnds_isRejected() {
        assertThatThrownBy(() -> TimeRange.parse(Optional.of("2026-11-25"), Optional.of("2026-11-25T00:00:00Z")))
                .hasMessage("--from must be before --to, got 2026-11-25T00:00:00Z and 2026-11-25T00:00:00Z");
    }
}
