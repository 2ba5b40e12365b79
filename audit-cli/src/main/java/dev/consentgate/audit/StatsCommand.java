package dev.consentgate.audit;

import dev.consentgate.core.report.ConsentStats;
import dev.consentgate.core.report.StatsChart;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code stats <log> [--from T] [--to T] [--chart FILE.svg]}: decisions per UTC day and action, the share of each
 * action, and how often each category was granted.
 *
 * <pre>
 * decisions: 120 (all records)
 *
 * day         decisions  accept-all  reject-all  custom  withdraw  other
 * 2026-11-25         40          14          10      12         4      0
 *
 * action      decisions  share
 * accept-all         40  33.3%
 *
 * category     granted  decided   rate
 * analytics         50      119  42.0%
 * </pre>
 *
 * <p>A category's {@code decided} counts the decisions that granted or refused it; {@code rate} is granted of
 * decided. Days without decisions between the first and the last are listed with zeros.
 */
final class StatsCommand {

    static final Map<String, String> OPTIONS = Map.of("--from", "an ISO-8601 instant or date",
            "--to", "an ISO-8601 instant or date", "--chart", "an SVG file to draw");

    private final Arguments args;

    StatsCommand(Arguments args) {
        this.args = args;
    }

    int run(PrintStream out) throws IOException, UsageException {
        TimeRange range = args.range();
        Optional<Path> chart = args.option("--chart").map(Path::of);
        if (chart.isPresent() && Files.isDirectory(chart.get())) {
            throw new UsageException("--chart must name a file, not the directory " + chart.get());
        }
        if (chart.isPresent()) {
            LogRecords.refuseInsideLog(args.location(), chart.get(), "--chart");
        }
        ConsentStats stats = new ConsentStats();
        LogRecords.read(args.location(), range, (location, r) -> stats.add(r));
        print(stats, range, out);
        if (chart.isPresent()) {
            Files.writeString(chart.get(), StatsChart.draw(stats, range.describe()), StandardCharsets.UTF_8);
            out.println();
            out.println("chart: " + chart.get());
        }
        return AuditCli.OK;
    }

    private static void print(ConsentStats stats, TimeRange range, PrintStream out) {
        out.println("decisions: " + stats.total() + " (" + range.describe() + ")");
        if (stats.total() == 0) {
            return;
        }
        out.println();
        Table days = new Table("day", ">decisions", ">accept-all", ">reject-all", ">custom", ">withdraw", ">other");
        for (ConsentStats.Day d : stats.days()) {
            days.add(d.date(), d.total(), d.byAction().get(0), d.byAction().get(1), d.byAction().get(2),
                    d.byAction().get(3), d.byAction().get(4));
        }
        days.print(out);
        out.println();
        Table actions = new Table("action", ">decisions", ">share");
        stats.actions().forEach((action, n) -> actions.add(action, n, ConsentStats.Category.percent((double) n / stats.total())));
        actions.print(out);
        out.println();
        Table categories = new Table("category", ">granted", ">decided", ">rate");
        for (ConsentStats.Category c : stats.categories()) {
            categories.add(c.id(), c.granted(), c.decided(), ConsentStats.Category.percent(c.rate()));
        }
        categories.print(out);
    }
}
