package dev.consentgate.audit;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table whose columns are as wide as their widest cell, two spaces apart; numeric columns are
 * right-aligned. Cells are made {@link Fields#printable printable}.
 */
final class Table {

    private final List<String> header;
    private final boolean[] numeric;
    private final List<List<String>> rows = new ArrayList<>();

    /** Columns named with a leading {@code >} are right-aligned (the {@code >} is not shown). */
    Table(String... columns) {
        header = new ArrayList<>();
        numeric = new boolean[columns.length];
        for (int i = 0; i < columns.length; i++) {
            numeric[i] = columns[i].startsWith(">");
            header.add(numeric[i] ? columns[i].substring(1) : columns[i]);
        }
    }

    void add(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row needs " + header.size() + " cells, got " + cells.length);
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object c : cells) {
            row.add(Fields.printable(String.valueOf(c)));
        }
        rows.add(row);
    }

    void print(PrintStream out) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> row : rows) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        line(header, width, out);
        for (List<String> row : rows) {
            line(row, width, out);
        }
    }

    private void line(List<String> cells, int[] width, PrintStream out) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            if (i > 0) {
                b.append("  ");
            }
            b.append(numeric[i] ? pad + c : (i == cells.size() - 1 ? c : c + pad));
        }
        out.println(b);
    }
}
