package dev.consentgate.audit;

import dev.consentgate.core.log.ConsentRecord;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * CSV as RFC 4180 has it: a header row, CRLF line ends, a field quoted when it holds a comma, a quote or a line
 * break, quotes doubled. Lists (granted, refused, redacted) are space-separated; a missing value is an empty field.
 *
 * <p>A log holds text from visitors (the page URL), so a cell that a spreadsheet would read as a formula, one
 * starting with {@code = + - @}, a tab or a carriage return, gets a leading {@code '} (OWASP's advice on CSV
 * injection).
 */
final class CsvRecordWriter implements RecordWriter {

    private final Writer out;

    CsvRecordWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void start() throws IOException {
        row(FIELDS);
    }

    @Override
    public void write(ConsentRecord r) throws IOException {
        row(List.of(Long.toString(r.seq()), r.node(), r.timestamp().toString(), r.consentId().toString(), r.action(),
                String.join(" ", r.granted()), String.join(" ", r.refused()), Integer.toString(r.policyRevision()),
                r.expiresAt().map(Object::toString).orElse(""), r.policyHash().orElse(""), r.language().orElse(""),
                Fields.personal(r, "page").orElse(""), Fields.personal(r, "ip").orElse(""),
                Fields.personal(r, "browser").orElse(""), String.join(" ", Fields.redacted(r)), r.hash()));
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }

    private void row(List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    /** One field, defused and quoted as needed. */
    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
