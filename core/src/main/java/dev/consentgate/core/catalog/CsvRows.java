package dev.consentgate.core.catalog;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: fields separated by commas, optionally in double quotes (which may hold commas, line breaks and
 * {@code ""} for a quote), records ended by CRLF or LF. Each row remembers the line it starts on, for errors.
 */
final class CsvRows {

    record Row(int line, List<String> fields) {
    }

    private CsvRows() {
    }

    static List<Row> read(Reader in, String source) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        boolean empty = true;
        int line = 1;
        int rowLine = 1;
        int c;
        while ((c = in.read()) != -1) {
            if (quoted) {
                if (c == '"') {
                    quoted = false;
                    afterQuote = true;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (afterQuote) {
                        field.append('"'); // "" inside quotes
                        quoted = true;
                        afterQuote = false;
                    } else if (field.length() > 0) {
                        throw new IllegalArgumentException(source + ": line " + line + ": quote inside an unquoted"
                                + " field");
                    } else {
                        quoted = true;
                    }
                    empty = false;
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    afterQuote = false;
                    empty = false;
                }
                case '\r' -> {
                    // part of CRLF; a lone CR is dropped too
                }
                case '\n' -> {
                    if (!empty || field.length() > 0) {
                        fields.add(field.toString());
                        rows.add(new Row(rowLine, List.copyOf(fields)));
                    }
                    fields.clear();
                    field.setLength(0);
                    afterQuote = false;
                    empty = true;
                    line++;
                    rowLine = line;
                }
                default -> {
                    if (afterQuote) {
                        throw new IllegalArgumentException(source + ": line " + line + ": text after a closing quote");
                    }
                    field.append((char) c);
                    empty = false;
                }
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(source + ": line " + rowLine + ": quoted field not closed");
        }
        if (!empty || field.length() > 0) {
            fields.add(field.toString());
            rows.add(new Row(rowLine, List.copyOf(fields)));
        }
        return rows;
    }
}
