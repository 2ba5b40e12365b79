package dev.consentgate.demo;

import static dev.consentgate.servlet.ConsentTags.escape;

import dev.consentgate.core.log.AuditKey;
import dev.consentgate.core.log.ConsentLogSource;
import dev.consentgate.core.log.ConsentRecord;
import dev.consentgate.core.log.MalformedRecordException;
import dev.consentgate.core.log.RecordFormat;
import dev.consentgate.core.log.Verification;
import dev.consentgate.core.report.ConsentStats;
import dev.consentgate.core.report.StatsChart;
import dev.consentgate.servlet.UnclassifiedReport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The audit page, {@code /admin/consents}: the consent log's chain status, the history of one consent ID, and the
 * cookie names no category covers.
 * Behind HTTP Basic; answers 404 when no credentials are configured.
 */
final class AuditServlet extends AdminServlet {

    private static final long serialVersionUID = 1L;
    static final String PATH = "/admin/consents";

    private final transient Path log;
    private final transient Optional<AuditKey> key;
    private final transient UnclassifiedReport unclassified;

    AuditServlet(Optional<AdminCredentials> credentials, Path log, Optional<AuditKey> key,
            UnclassifiedReport unclassified) {
        super(credentials);
        this.log = log;
        this.key = key;
        this.unclassified = unclassified;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        StringBuilder body = new StringBuilder("<h1>Consent log</h1>");
        ConsentLogSource source;
        Verification v;
        try {
            source = ConsentLogSource.files(log);
            v = source.verify(key);
        } catch (IOException e) {
            body.append("<p id=\"chain-status\">Cannot read the consent log: ").append(escape(e.getMessage()))
                    .append("</p>");
            html(req, resp, body);
            return;
        }
        body.append("<h2>Chain status</h2><p id=\"chain-status\">").append(v.intact() ? "Intact" : "NOT INTACT")
                .append(": ").append(v.records()).append(" records, ").append(v.redacted()).append(" redacted")
                .append("</p>");
        v.problem().ifPresent(p -> body.append("<p id=\"chain-problem\"><strong>")
                .append(escape(p.kind().name().toLowerCase(java.util.Locale.ROOT))).append("</strong>: ")
                .append(escape(p.message())).append("</p>"));
        if (!v.notes().isEmpty()) {
            body.append("<ul>");
            v.notes().forEach(n -> body.append("<li>").append(escape(n)).append("</li>"));
            body.append("</ul>");
        }
        body.append("""
                <h2>History of a consent ID</h2>
                <form method="get" action="/admin/consents"><label>Consent ID
                <input name="consentId" size="40" pattern="[0-9a-fA-F-]{36}"></label>
                <button type="submit">Search</button></form>
                """);
        String query = req.getParameter("consentId");
        if (query != null && !query.isBlank()) {
            body.append(history(source, query.strip()));
        }
        body.append("<h2>Decisions</h2><figure id=\"stats-chart\">").append(chart(source)).append("</figure>");
        body.append("<h2>Unclassified cookies</h2><p>Cookie names no category covers, since the filter started (as"
                + " JSON: <a href=\"").append(UnclassifiedServlet.PATH).append("\">").append(UnclassifiedServlet.PATH)
                .append("</a>).</p>").append(UnclassifiedServlet.table(unclassified.entries()));
        html(req, resp, body);
    }

    private static void html(HttpServletRequest req, HttpServletResponse resp, StringBuilder body) throws IOException {
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(Pages.layout(req, "Consent log", body.toString()));
    }

    /** The stats chart of the whole log, as inline SVG (self-contained: no scripts, fonts or images). */
    private static String chart(ConsentLogSource source) throws IOException {
        ConsentStats stats = new ConsentStats();
        source.scan((location, line) -> {
            try {
                stats.add(RecordFormat.parse(line));
            } catch (MalformedRecordException e) {
                // the chain status above already reports it
            }
        });
        String svg = StatsChart.draw(stats, "the whole log");
        return svg.startsWith("<?xml") ? svg.substring(svg.indexOf("?>") + 2).strip() : svg;
    }

    private static String history(ConsentLogSource source, String query) throws IOException {
        UUID id;
        try {
            id = UUID.fromString(query);
        } catch (IllegalArgumentException e) {
            return "<p id=\"history\">Not a consent ID: " + escape(query) + "</p>";
        }
        String needle = "\"consentId\":\"" + id + "\"";
        List<ConsentRecord> found = new ArrayList<>();
        source.scan((location, line) -> {
            if (line.contains(needle)) {
                try {
                    found.add(RecordFormat.parse(line));
                } catch (MalformedRecordException e) {
                    // the chain status above already reports it
                }
            }
        });
        if (found.isEmpty()) {
            return "<p id=\"history\">No records for " + id + ".</p>";
        }
        StringBuilder t = new StringBuilder("<table id=\"history\"><tr><th>seq</th><th>time</th><th>action</th>"
                + "<th>granted</th><th>refused</th><th>revision</th><th>page</th></tr>");
        for (ConsentRecord r : found) {
            String page = r.personal().containsKey("page") ? r.personal().get("page").value()
                    : r.commitments().containsKey("page") ? "(erased)" : "";
            t.append("<tr><td>").append(r.seq()).append("</td><td>").append(r.timestamp()).append("</td><td>")
                    .append(escape(r.action())).append("</td><td>")
                    .append(escape(String.join(", ", r.granted()))).append("</td><td>")
                    .append(escape(String.join(", ", r.refused()))).append("</td><td>")
                    .append(r.policyRevision()).append("</td><td>").append(escape(page)).append("</td></tr>");
        }
        return t.append("</table>").toString();
    }
}
