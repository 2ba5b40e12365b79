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
