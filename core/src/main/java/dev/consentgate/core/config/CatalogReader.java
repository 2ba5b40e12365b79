package dev.consentgate.core.config;

import dev.consentgate.core.catalog.CookieCatalog;
import dev.consentgate.core.catalog.OpenCookieDatabase;
import java.nio.file.Path;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code catalog} (whether the built-in catalog is used) and {@code openCookieDatabase} (an imported file),
 * into the catalogs asked after the policy: the imported file first, since its user chose it, then the built-in one.
 */
final class CatalogReader {

    private static final List<String> OCD_KEYS = List.of("file", "categories");

    private CatalogReader() {
    }

    static List<CookieCatalog> read(ConfigNode root) {
        List<CookieCatalog> catalogs = new ArrayList<>();
        root.field("openCookieDatabase").ifPresent(n -> catalogs.add(openCookieDatabase(n)));
        boolean builtIn = root.field("catalog").map(ConfigNode::booleanValue).orElse(false);
        if (builtIn) {
            catalogs.add(CookieCatalog.builtIn());
        }
        return catalogs;
    }

    private static CookieCatalog openCookieDatabase(ConfigNode node) {
        node.object(OCD_KEYS);
        ConfigNode fileNode = node.requiredField("file");
        Path file;
        try {
            file = Path.of(fileNode.text());
        } catch (InvalidPathException e) {
            throw fileNode.error("invalid file name: " + e.getReason());
        }
        Map<String, String> mapping = new HashMap<>(OpenCookieDatabase.DEFAULT_CATEGORIES);
        node.field("categories").ifPresent(categories -> categories.members().forEach((name, id) -> {
            String category = id.text();
            if (!category.matches("[a-z][a-z0-9_-]{0,31}")) {
                throw id.error("expected a category id such as analytics, got '" + category + "'");
            }
            mapping.put(name, category);
        }));
        return fileNode.apply(() -> OpenCookieDatabase.read(file, mapping));
    }
}
