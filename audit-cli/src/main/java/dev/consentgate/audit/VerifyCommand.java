package dev.consentgate.audit;

import dev.consentgate.core.log.AuditKey;
import dev.consentgate.core.log.ConsentLogSource;
import dev.consentgate.core.log.Verification;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code verify <log>}: walks the hash chain and reports whether the log is intact.
 *
 * <pre>
 * consent log: /var/lib/app/consent-log
 * result: intact
 * records: 120000
 * node local: last record 120000
 * redacted: 2 record(s) with personal fields erased on request; their commitments still verify
 * note: no audit key given: record and head MACs were not checked
 * </pre>
 *
 * <p>When it is not intact, exit code 1, {@code result: NOT INTACT (edited)} (or {@code malformed}, {@code unsigned},
 * {@code removed}, {@code inserted}, {@code reordered}, {@code truncated}), the records read, and a {@code problem:}
 * line naming the first record that was edited, removed, inserted, reordered or cut off, with its {@code file:line};
 * no per-node lines.
 */
final class VerifyCommand {

    private final Arguments args;
    private final Map<String, String> env;
    private final Progress progress;

    VerifyCommand(Arguments args, Map<String, String> env, Progress progress) {
        this.args = args;
        this.env = env;
        this.progress = progress;
    }

    int run(PrintStream out) throws IOException, UsageException {
        Optional<AuditKey> key;
        try {
            key = AuditKey.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), false); // the message never echoes the key
        }
        ConsentLogSource source = ConsentLogSource.open(args.location());
        Verification v = source.verify(key, progress::advance);
        progress.done();
        print(v, out);
        return v.intact() ? AuditCli.OK : AuditCli.NOT_INTACT;
    }

    private void print(Verification v, PrintStream out) {
        out.println("consent log: " + args.location());
        out.println("result: " + v.problem().map(p -> "NOT INTACT (" + p.kind().name().toLowerCase(Locale.ROOT) + ")")
                .orElse("intact"));
        out.println("records: " + v.records());
        if (v.intact()) {
            // after a problem the verifier only counts, so its per-node positions say nothing
            new TreeMap<>(v.lastSeq()).forEach((node, seq) -> out.println("node " + node + ": last record " + seq));
        }
        if (v.redacted() > 0) {
            out.println("redacted: " + v.redacted() + " record(s) with personal fields erased on request; their"
                    + " commitments still verify");
        }
        v.problem().ifPresent(p -> out.println("problem: " + p.message()));
        v.notes().forEach(n -> out.println("note: " + n));
    }
}
