package dev.consentgate.core.catalog;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports the Open Cookie Database's CSV format (github.com/jkwakman/Open-Cookie-Database) into a
 * {@link CookieCatalog}. Users download the file themselves; it is not shipped.
 *
 * <p>Columns are found by their header names: {@code Platform} (the vendor), {@code Category}, {@code Cookie / Data
 * Key name}, {@code Retention period} and {@code Wildcard match} ({@code 1}: the name is a prefix). Categories map
 * to ours by {@link #DEFAULT_CATEGORIES} unless told otherwise; a name listed in two categories takes the stricter.
 * Any row that cannot be read is an error naming the file and the line: an import is a developer's act, and a
 * half-read catalog would classify less than its author believes.
 *
 * <p>Thread-safe; holds no state.
 */
public final class OpenCookieDatabase {

    /** Necessary and Security → necessary, Functional and Personalization → preferences, Analytics, Marketing. */
    public static final Map<String, String> DEFAULT_CATEGORIES = Map.of("Necessary", "necessary", "Security",
            "necessary", "Functional", "preferences", "Personalization", "preferences", "Analytics", "analytics",
            "Marketing", "advertising");

    private static final String NAME = "Cookie / Data Key name";
    private static final String CATEGORY = "Category";
    private static final String PLATFORM = "Platform";
    private static final String RETENTION = "Retention period";
    private static final String WILDCARD = "Wildcard match";

    private OpenCookieDatabase() {
    }

    /** Reads {@code file} with the {@link #DEFAULT_CATEGORIES}. */
    public static CookieCatalog read(Path file) {
        return read(file, DEFAULT_CATEGORIES);
    }

    /**
     * Reads {@code file}, mapping its categories with {@code categories} (the database's category name, such as
     * {@code Marketing}, to a category id).
     *
     * @throws IllegalArgumentException naming the file and line when the file is missing, unreadable, or has a row
     *                                  that is malformed, has no name, or a category {@code categories} lacks
     */
    public static CookieCatalog read(Path file, Map<String, String> categories) {
        requireNonNull(file, "file");
        Map<String, String> mapping = Map.copyOf(requireNonNull(categories, "categories"));
        List<CsvRows.Row> rows;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            rows = CsvRows.read(reader, file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty, expected a header line");
        }
        Map<String, Integer> columns = columns(rows.get(0), file);
        List<CatalogEntry> entries = new ArrayList<>(rows.size());
        for (CsvRows.Row row : rows.subList(1, rows.size())) {
            String where = file + ": line " + row.line() + ": ";
            if (row.fields().size() != rows.get(0).fields().size()) {
                throw new IllegalArgumentException(where + "expected " + rows.get(0).fields().size() + " columns, got "
                        + row.fields().size());
            }
            String name = row.fields().get(columns.get(NAME)).strip();
            String category = row.fields().get(columns.get(CATEGORY)).strip();
            String wildcard = row.fields().get(columns.get(WILDCARD)).strip();
            String ours = mapping.get(category);
            if (ours == null) {
                throw new IllegalArgumentException(where + "category '" + category + "' has no mapping, expected one"
                        + " of " + mapping.keySet().stream().sorted().toList());
            }
            if (!wildcard.equals("0") && !wildcard.equals("1")) {
                throw new IllegalArgumentException(where + "'" + WILDCARD + "' must be 0 or 1, got '" + wildcard
                        + "'");
            }
            try {
                entries.add(new CatalogEntry(name, wildcard.equals("1"), ours,
                        row.fields().get(columns.get(PLATFORM)).strip(),
                        row.fields().get(columns.get(RETENTION)).strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        return CookieCatalog.of(entries);
    }

    private static Map<String, Integer> columns(CsvRows.Row header, Path file) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<String> names = header.fields().stream().map(String::strip).toList();
        for (String wanted : List.of(NAME, CATEGORY, PLATFORM, RETENTION, WILDCARD)) {
            int i = names.indexOf(wanted);
            if (i < 0) {
                throw new IllegalArgumentException(file + ": line 1: missing column '" + wanted
                        + "'; is this the Open Cookie Database CSV?");
            }
            columns.put(wanted, i);
        }
        return columns;
    }
}
