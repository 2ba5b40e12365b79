package dev.consentgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvRecordWriterTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "plain                   | plain",
        "``                      | ``",
        "a,b                     | \"a,b\"",
        "say \"hi\"                | \"say \"\"hi\"\"\"",
        "https://example.com/a b | https://example.com/a b",
        "=SUM(A1:A2)             | '=SUM(A1:A2)",
        "+cmd                    | '+cmd",
        "-2+3                    | '-2+3",
        "@import                 | '@import",
        "=HYPERLINK(\"x\",\"y\")     | \"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"",
        "a=b                     | a=b",
    })
    void cell_value_isQuotedAndDefused(String value, String expected) {
        assertThat(CsvRecordWriter.cell(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"line\nbreak", "carriage\rreturn"})
    void cell_lineBreak_isQuoted(String value) {
        assertThat(CsvRecordWriter.cell(value)).isEqualTo('"' + value + '"');
    }

    @Test
    void cell_leadingTabOrCarriageReturn_isDefused() {
        assertThat(CsvRecordWriter.cell("\tx")).isEqualTo("'\tx");
        assertThat(CsvRecordWriter.cell("\rx")).isEqualTo("\"'\rx\"");
    }
}
