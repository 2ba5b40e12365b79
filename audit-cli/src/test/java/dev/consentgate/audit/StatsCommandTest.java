package dev.consentgate.audit;

import static dev.consentgate.audit.AuditFixtures.entry;
import static dev.consentgate.audit.AuditFixtures.id;
import static dev.consentgate.audit.AuditFixtures.run;
import static dev.consentgate.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.consentgate.audit.AuditFixtures.Result;
import dev.consentgate.core.log.LogEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class StatsCommandTest {

    private static final Set<String> ALL = Set.of("necessary", "analytics", "advertising");

    @TempDir
    Path tmp;

    private Path dir;

    @BeforeEach
    void logDirectory() {
        dir = tmp.resolve("log");
    }

    private static LogEntry decision(String at, int id, String action, Set<String> granted) {
        Set<String> refused = new TreeSet<>(ALL);
        refused.removeAll(granted);
        return entry(Instant.parse(at), id(id), action, granted, refused, Map.of());
    }

    /** Four decisions on the 25th, none on the 26th, three on the 27th. */
    private void threeDays() throws IOException {
        write(dir, List.of(
                decision("2026-11-25T08:00:00Z", 1, "accept-all", ALL),
                decision("2026-11-25T09:00:00Z", 2, "accept-all", ALL),
                decision("2026-11-25T10:00:00Z", 3, "custom", Set.of("necessary", "analytics")),
                decision("2026-11-25T23:59:59Z", 4, "reject-all", Set.of("necessary")),
                decision("2026-11-27T00:00:00Z", 1, "withdraw", Set.of("necessary")),
                decision("2026-11-27T12:00:00Z", 5, "custom", Set.of("necessary", "advertising")),
                decision("2026-11-27T13:00:00Z", 3, "renew", Set.of("necessary", "analytics"))), Optional.empty());
    }

    @Test
    void stats_wholeLog_countsPerDayActionAndCategory() throws IOException {
        threeDays();

        Result r = run("stats", dir.toString());

        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                decisions: 7 (all records)

                day         decisions  accept-all  reject-all  custom  withdraw  other
                2026-11-25          4           2           1       1         0      0
                2026-11-26          0           0           0       0         0      0
                2026-11-27          3           0           0       1         1      1

                action      decisions  share
                accept-all          2  28.6%
                reject-all          1  14.3%
                custom              2  28.6%
                withdraw            1  14.3%
                other               1  14.3%

                category     granted  decided    rate
                advertising        3        7   42.9%
                analytics          4        7   57.1%
                necessary          7        7  100.0%
                """);
    }

    @Test
    void stats_fromDate_countsOnlyFromThatDay() throws IOException {
        threeDays();

        Result r = run("stats", dir.toString(), "--from", "2026-11-26");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("decisions: 3 (from 2026-11-26T00:00:00Z (inclusive))\n\n"
                + "day         decisions  accept-all  reject-all  custom  withdraw  other\n"
                + "2026-11-27          3           0           0       1         1      1\n");
    }

    @Test
    void stats_toInstant_isExclusive() throws IOException {
        threeDays();

        Result r = run("stats", dir.toString(), "--to", "2026-11-25T23:59:59Z");

        assertThat(r.out()).startsWith("decisions: 3 (to 2026-11-25T23:59:59Z (exclusive))\n");
    }

    @Test
    void stats_emptyRange_saysNoDecisions() throws IOException {
        threeDays();

        Result r = run("stats", dir.toString(), "--from", "2027-01-01");

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("decisions: 0 (from 2027-01-01T00:00:00Z (inclusive))\n");
    }

    @Test
    void statsChart_threeDays_isWellFormedSelfContainedSvg() throws Exception {
        threeDays();
        Path svg = tmp.resolve("chart.svg");

        Result r = run("stats", dir.toString(), "--chart", svg.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).endsWith("\nchart: " + svg + "\n");
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(root.getAttribute("font-family")).isEqualTo("sans-serif");
        assertThat(titles(doc)).contains(
                "2026-11-25: 4 decisions (accept-all 2, reject-all 1, custom 1, withdraw 0, other 0)",
                "2026-11-26: 0 decisions (accept-all 0, reject-all 0, custom 0, withdraw 0, other 0)",
                "2026-11-27: 3 decisions (accept-all 0, reject-all 0, custom 1, withdraw 1, other 1)",
                "analytics: granted in 4 of 7 decisions");
        assertThat(texts(doc)).contains("Consent decisions per day (UTC)", "2026-11-25", "2026-11-27", "decisions",
                "day (UTC)", "accept-all", "reject-all", "custom", "withdraw", "other", "analytics",
                "57.1% (4 of 7)");
        String source = Files.readString(svg);
        assertThat(source).doesNotContain("href").doesNotContain("url(").doesNotContain("@import")
                .doesNotContain("<script").doesNotContain("@font-face");
    }

    @Test
    void statsChart_barsAreStackedToScale() throws Exception {
        threeDays();
        Path svg = tmp.resolve("chart.svg");

        run("stats", dir.toString(), "--chart", svg.toString());

        // the 25th's group holds one bar per action that happened, together four-thirds of the 27th's
        NodeList groups = parse(svg).getElementsByTagNameNS("*", "g");
        double day25 = barHeights((Element) groups.item(0));
        double day27 = barHeights((Element) groups.item(2));
        assertThat(((Element) groups.item(0)).getElementsByTagNameNS("*", "rect").getLength()).isEqualTo(3);
        assertThat(day25 / day27).isCloseTo(4.0 / 3.0, offset(0.01));
    }

    @Test
    void statsChart_markupInCategoryName_isEscaped() throws Exception {
        write(dir, List.of(entry(Instant.parse("2026-11-25T08:00:00Z"), id(1), "custom",
                Set.of("a<b&\"c\""), Set.of(), Map.of())), Optional.empty());
        Path svg = tmp.resolve("chart.svg");

        Result r = run("stats", dir.toString(), "--chart", svg.toString());

        assertThat(r.code()).isZero();
        assertThat(texts(parse(svg))).contains("a<b&\"c\"");
    }

    @Test
    void statsChart_emptyRange_stillWellFormed() throws Exception {
        threeDays();
        Path svg = tmp.resolve("chart.svg");

        run("stats", dir.toString(), "--from", "2030-01-01", "--chart", svg.toString());

        assertThat(texts(parse(svg))).contains("no decisions in this range");
    }

    @Test
    void statsChart_directory_exitsTwo() throws IOException {
        threeDays();

        Result r = run("stats", dir.toString(), "--chart", tmp.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --chart must name a file, not the directory " + tmp + "\n");
    }

    @Test
    void statsChart_inTheLogsDirectory_isRefused() throws IOException {
        threeDays();

        Result r = run("stats", dir.toString(), "--chart", dir.resolve("chart.svg").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --chart must not be in the log's directory " + dir + "\n");
        assertThat(dir.resolve("chart.svg")).doesNotExist();
    }

    @Test
    void stats_unknownOption_exitsTwo() throws IOException {
        threeDays();

        Result r = run("stats", dir.toString(), "--format", "csv");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: unknown option '--format' for stats: expected --chart, --from or --to\n"
                + "run with --help for usage\n");
    }

    @Test
    void stats_textFileThatIsNoLog_exitsTwo() throws IOException {
        Path text = Files.writeString(tmp.resolve("x.txt"), "hello\n");

        Result r = run("stats", text.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: x.txt:1 is not a consent record: not a JSON object");
    }

    private static Document parse(Path svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        DocumentBuilder b = f.newDocumentBuilder();
        return b.parse(svg.toFile());
    }

    private static List<String> titles(Document doc) {
        return contents(doc.getElementsByTagNameNS("*", "title"));
    }

    private static List<String> texts(Document doc) {
        return contents(doc.getElementsByTagNameNS("*", "text"));
    }

    private static List<String> contents(NodeList nodes) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    private static double barHeights(Element group) {
        NodeList rects = group.getElementsByTagNameNS("*", "rect");
        double sum = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            sum += Double.parseDouble(((Element) rects.item(i)).getAttribute("height"));
        }
        return sum;
    }
}
