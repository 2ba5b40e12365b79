package dev.consentgate.demo;

import static dev.consentgate.servlet.ConsentTags.escape;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consentgate.servlet.UnclassifiedReport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code /admin/unclassified}: the cookie names no category covers that the app set or visitors sent, as JSON
 * ({@code {"maxNames": 1000, "names": [{"name", "setByApp", "sentByClients"}, ...]}}, most often met first). Behind
 * the same HTTP Basic login as the audit page; 404 when no credentials are configured.
 */
final class UnclassifiedServlet extends AdminServlet {

    private static final long serialVersionUID = 1L;
    static final String PATH = "/admin/unclassified";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient UnclassifiedReport report;

    UnclassifiedServlet(Optional<AdminCredentials> credentials, UnclassifiedReport report) {
        super(credentials);
        this.report = report;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("maxNames", UnclassifiedReport.MAX_NAMES);
        ArrayNode names = body.putArray("names");
        for (UnclassifiedReport.Entry e : report.entries()) {
            names.addObject().put("name", e.name()).put("setByApp", e.setByApp())
                    .put("sentByClients", e.sentByClients());
        }
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(JSON.writeValueAsString(body));
    }

    /** The report as an HTML table for the audit page, names escaped: visitors choose them. */
    static String table(List<UnclassifiedReport.Entry> entries) {
        if (entries.isEmpty()) {
            return "<p id=\"unclassified\">No unclassified cookies so far.</p>";
        }
        StringBuilder t = new StringBuilder("<table id=\"unclassified\"><tr><th>cookie name</th><th>set by the app"
                + "</th><th>sent by visitors</th></tr>");
        for (UnclassifiedReport.Entry e : entries) {
            t.append("<tr><td><code>").append(escape(e.name())).append("</code></td><td>").append(e.setByApp())
                    .append("</td><td>").append(e.sentByClients()).append("</td></tr>");
        }
        return t.append("</table>").toString();
    }
}
