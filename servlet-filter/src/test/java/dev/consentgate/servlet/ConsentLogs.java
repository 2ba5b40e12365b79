package dev.consentgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consentgate.core.log.ConsentLogSource;
import dev.consentgate.core.log.ConsentRecord;
import dev.consentgate.core.log.MalformedRecordException;
import dev.consentgate.core.log.RecordFormat;
import dev.consentgate.core.log.Verification;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a file consent log back as an auditor would, for the soak and fault tests. */
final class ConsentLogs {

    private ConsentLogs() {
    }

    /** {@code consentId|action} of every record, in chain order; fails the test when the log does not verify. */
    static List<String> decisions(Path dir) throws IOException {
        ConsentLogSource source = ConsentLogSource.files(dir);
        Verification v = source.verify(Optional.empty());
        assertThat(v.intact()).as("the log verifies: %s", v.problem()).isTrue();
        List<String> keys = new ArrayList<>();
        source.scan((location, line) -> {
            try {
                ConsentRecord r = RecordFormat.parse(line);
                keys.add(key(r.consentId().toString(), r.action()));
            } catch (MalformedRecordException e) {
                throw new IOException(location + ": " + e.getMessage(), e);
            }
        });
        assertThat(v.records()).isEqualTo(keys.size());
        return keys;
    }

    /** How the tests name one decision: its consent ID and action ({@code accept-all}, {@code withdraw}, …). */
    static String key(String consentId, String action) {
        return consentId + "|" + action;
    }
}
