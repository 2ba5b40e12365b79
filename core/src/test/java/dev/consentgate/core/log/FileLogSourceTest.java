package dev.consentgate.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class FileLogSourceTest {

    /** The eight-bytes-at-a-time search finds the same line break as a byte-by-byte one, wherever it is. */
    @Property(tries = 2_000)
    void newline_findsTheFirstLineBreak(@ForAll("bytes") byte[] b, @ForAll @IntRange(max = 40) int from,
            @ForAll @IntRange(max = 40) int cut) {
        int start = Math.min(from, b.length);
        int end = Math.max(start, b.length - cut);
        int expected = end;
        for (int i = start; i < end; i++) {
            if (b[i] == '\n') {
                expected = i;
                break;
            }
        }

        assertThat(FileLogSource.newline(b, start, end)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        // Line breaks among bytes one bit away from them and bytes with the high bit set, which trip naive tricks.
        return Arbitraries.of((byte) '\n', (byte) 0x0b, (byte) 0x08, (byte) 0x8a, (byte) 0x00, (byte) 0xff,
                (byte) 'a', (byte) 0x09).array(byte[].class).ofMaxSize(80);
    }
}
