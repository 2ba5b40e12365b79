package dev.consentgate.audit;

import dev.consentgate.core.log.ConsentRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code show <log> <consentId>}: every record of one consent ID, in chain order.
 *
 * <pre>
 * consent ID 00000000-0000-1234-0000-000000000002: 2 record(s)
 * node   seq  timestamp             action      granted              refused      revision  page  ip        browser
 * local    2  2026-11-25T10:00:02Z  custom      analytics,necessary  advertising         3  https://…  redacted  -
 * </pre>
 *
 * <p>A personal field erased on request shows {@code redacted}; one never recorded shows {@code -}. An ID with no
 * records prints {@code no records for consent ID …} and exits 0: exit 1 is kept for a log that does not verify.
 */
final class ShowCommand {

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Arguments args;

    ShowCommand(Arguments args) {
        this.args = args;
    }

    int run(PrintStream out) throws IOException, UsageException {
        UUID id = consentId(args.positional().get(1));
        List<ConsentRecord> found = new ArrayList<>();
        LogRecords.read(args.location(), TimeRange.ALL, (location, r) -> {
            if (r.consentId().equals(id)) {
                found.add(r);
            }
        });
        if (found.isEmpty()) {
            out.println("no records for consent ID " + id);
            return AuditCli.OK;
        }
        out.println("consent ID " + id + ": " + found.size() + " record(s)");
        Table table = new Table("node", ">seq", "timestamp", "action", "granted", "refused", ">revision", "page",
                "ip", "browser");
        for (ConsentRecord r : found) {
            table.add(r.node(), r.seq(), r.timestamp(), r.action(), list(r.granted()), list(r.refused()),
                    r.policyRevision(), personal(r, Fields.PERSONAL.get(0)), personal(r, Fields.PERSONAL.get(1)),
                    personal(r, Fields.PERSONAL.get(2)));
        }
        table.print(out);
        return AuditCli.OK;
    }

    static UUID consentId(String text) throws UsageException {
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new UsageException("consent ID must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, got '"
                    + Fields.printable(text) + "'");
        }
        return UUID.fromString(text);
    }

    private static String personal(ConsentRecord r, String field) {
        return Fields.isRedacted(r, field) ? Fields.REDACTED : Fields.personal(r, field).orElse("-");
    }

    private static String list(List<String> categories) {
        return categories.isEmpty() ? "-" : String.join(",", categories);
    }
}
