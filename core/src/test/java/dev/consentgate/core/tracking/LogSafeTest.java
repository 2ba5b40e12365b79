package dev.consentgate.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogSafeTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafe")
    void clean_unsafeCharacters_becomeQuestionMarks(String name, String text, String expected) {
        assertThat(LogSafe.clean(text, 100)).isEqualTo(expected);
    }

    static Stream<Arguments> unsafe() {
        return Stream.of(
                Arguments.of("CR LF", "a\r\nb", "a??b"),
                Arguments.of("lone LF", "a\nb", "a?b"),
                Arguments.of("tab", "a\tb", "a?b"),
                Arguments.of("NUL and DEL", "a\u0000b\u007f", "a?b?"),
                Arguments.of("C1 next line", "a\u0085b", "a?b"),
                Arguments.of("line separator", "a\u2028b", "a?b"),
                Arguments.of("bidi override", "a\u202eb", "a?b"),
                Arguments.of("lone surrogate", "a\ud800b", "a?b"),
                Arguments.of("emoji kept", "a\ud83d\ude00b", "a\ud83d\ude00b"),
                Arguments.of("accents kept", "B\u00fccher", "B\u00fccher"));
    }

    @Test
    void clean_longText_isCutAndMarked() {
        assertThat(LogSafe.clean("abcdef", 4)).isEqualTo("abcd...");
        assertThat(LogSafe.clean("abcd", 4)).isEqualTo("abcd");
    }

    @Test
    void clean_cutInsideSurrogatePair_keepsPairWhole() {
        assertThat(LogSafe.clean("ab\ud83d\ude00cd", 3)).isEqualTo("ab...");
    }

    @Test
    void clean_safeText_isSameInstance() {
        String text = "Mozilla/5.0";

        assertThat(LogSafe.clean(text, 100)).isSameAs(text);
    }
}
