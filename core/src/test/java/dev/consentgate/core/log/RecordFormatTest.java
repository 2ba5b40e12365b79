package dev.consentgate.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordFormatTest {

    private static ConsentRecord sealed(LogEntry entry) {
        return Chain.start("node-1", Optional.of(LogFixtures.KEY)).append(entry);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "quote \" backslash \\ tab \t newline \n", "unicode é € 😀", "\u0001\u001f"})
    void hashedPart_isTheRfc8785FormOfTheRecordWithoutPersonalHashAndMac(String text) throws Exception {
        LogEntry e = new LogEntry(Instant.parse("2026-11-25T10:00:00.123Z"), UUID.randomUUID(), "custom",
                Set.of("necessary", "z-cat", "a-cat"), Set.of("b"), 7, Optional.empty(), Optional.of(text),
                Optional.of(text), Map.of(LogEntry.PAGE, text, LogEntry.IP, "192.0.2.0"));
        String line = RecordFormat.toLine(sealed(e));

        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(line);
        tree.remove(java.util.List.of("hash", "mac", "personal"));
        String generic = new String(Canonical.bytes(tree), StandardCharsets.UTF_8);

        assertThat(RecordText.hashedPart(line)).hasValue(generic);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-25T10:15:30Z", "2026-11-25T10:15:30.1Z", "2026-11-25T10:15:30.123Z",
        "2026-11-25T10:15:30.123456789Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59.999999Z",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"})
    void fastInstant_agreesWithInstantParse(String text) {
        assertThat(RecordParser.fastInstant(text)).isEqualTo(java.time.Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-25T10:15:30", "2026-11-25 10:15:30Z", "2026-11-25T24:00:00Z",
        "2026-11-25T10:60:00Z", "2026-11-25T10:15:30.Z", "2026-11-25T10:15:30.1234567890Z", "2026-1a-25T10:15:30Z",
        "+12026-11-25T10:15:30Z"})
    void fastInstant_otherShapes_areLeftToInstantParse(String text) {
        assertThat(RecordParser.fastInstant(text)).isNull();
    }

    @Test
    void parse_impossibleDate_isMalformed() throws Exception {
        String line = RecordFormat.toLine(sealed(LogFixtures.entry(4)));
        String bad = line.replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":\"2026-02-30T10:00:00Z\"");

        assertThatThrownBy(() -> RecordFormat.parse(bad)).hasMessage("field 'timestamp' must be an ISO-8601 instant");
    }

    @Test
    void parse_toLine_roundTripsExactly() throws Exception {
        ConsentRecord r = sealed(LogFixtures.entry(4));
        String line = RecordFormat.toLine(r);

        ConsentRecord back = RecordFormat.parse(line);

        assertThat(back).isEqualTo(r);
        assertThat(RecordFormat.toLine(back)).isEqualTo(line);
        assertThat(RecordFormat.hashOfLine(line)).hasValue(r.hash());
        assertThat(RecordFormat.computeHash(back)).isEqualTo(r.hash());
    }

    @Test
    void parse_duplicateMemberAfterTheHash_isMalformed() {
        String line = RecordFormat.toLine(sealed(LogFixtures.entry(4)));
        String smuggled = line.substring(0, line.length() - 1) + ",\"action\":\"accept-all\"}";

        assertThatThrownBy(() -> RecordFormat.parse(smuggled)).isInstanceOf(MalformedRecordException.class);
    }

    @Test
    void parse_unknownField_isMalformedNamingIt() {
        String line = RecordFormat.toLine(sealed(LogFixtures.entry(4)));
        String extra = line.substring(0, line.length() - 1) + ",\"note\":\"x\"}";

        assertThatThrownBy(() -> RecordFormat.parse(extra)).hasMessage("unknown field 'note'");
    }
}
