package dev.consentgate.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.cookie.CookieClassifier;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Known cookie names and prefixes with their consent category, vendor and retention: the {@linkplain #builtIn()
 * built-in catalog} of well-known tags, or one {@linkplain OpenCookieDatabase imported} from the Open Cookie
 * Database.
 *
 * <p>A catalog is asked after the app's own configuration ({@code CookieClassifier.of(policy).orElse(catalog
 * .classifier(policy))}), so the app always has the last word. Within a catalog an exact name beats the longest
 * matching prefix. A name listed twice with the same kind of match keeps the stricter category (advertising, then
 * analytics, then the app's own categories, then preferences, then necessary).
 *
 * <p>Immutable and thread-safe.
 */
public final class CookieCatalog {

    private static final String BUILT_IN = "cookies.csv";
    private static final CookieCatalog BUILT_IN_CATALOG = loadBuiltIn();

    private final List<CatalogEntry> entries;
    private final NameIndex index;

    private CookieCatalog(List<CatalogEntry> entries) {
        this.entries = List.copyOf(entries);
        this.index = new NameIndex(this.entries);
    }

    /**
     * A catalog of {@code entries}; of two entries with the same name and kind of match, the stricter category is
     * kept.
     */
    public static CookieCatalog of(List<CatalogEntry> entries) {
        requireNonNull(entries, "entries");
        Map<String, CatalogEntry> merged = new LinkedHashMap<>();
        for (CatalogEntry e : entries) {
            requireNonNull(e, "entries entry");
            merged.merge((e.prefix() ? "p:" : "e:") + e.name(), e,
                    (old, add) -> Strictness.stricter(old.category(), add.category()).equals(old.category()) ? old
                            : add);
        }
        return new CookieCatalog(new ArrayList<>(merged.values()));
    }

    /**
     * The built-in catalog: a few hundred cookies of well-known analytics, advertising, chat and consent tools
     * (Google Analytics and Ads, Meta, Microsoft, LinkedIn, TikTok, HubSpot, Adobe, Hotjar, Matomo and others),
     * in the categories {@code necessary}, {@code preferences}, {@code analytics} and {@code advertising}.
     */
    public static CookieCatalog builtIn() {
        return BUILT_IN_CATALOG;
    }

    /** The entries, without duplicates. */
    public List<CatalogEntry> entries() {
        return entries;
    }

    /** The entry {@code name} matches: an exact entry, else the longest matching prefix. */
    public Optional<CatalogEntry> find(String name) {
        requireNonNull(name, "name");
        return name.length() > CookieClassifier.MAX_NAME_LENGTH ? Optional.empty() : index.find(name);
    }

    /**
     * A classifier answering this catalog's category when the policy defines it (or it is {@code necessary}), and
     * nothing otherwise; answers are cached for up to 10,000 names.
     */
    public CookieClassifier classifier(ConsentPolicy policy) {
        return classifier(List.of(this), policy);
    }

    /**
     * One classifier asking {@code catalogs} in order (the first that knows a name answers, even with a category
     * the policy lacks, which leaves the name unclassified), answering only categories the policy defines and
     * {@code necessary}; answers are cached for up to 10,000 names.
     */
    public static CookieClassifier classifier(List<CookieCatalog> catalogs, ConsentPolicy policy) {
        Set<String> categories = new HashSet<>(requireNonNull(policy, "policy").categoryIds());
        categories.add(ConsentCategory.NECESSARY);
        return new CatalogClassifier(requireNonNull(catalogs, "catalogs").stream().map(c -> c.index).toList(),
                categories);
    }

    /** Reads the built-in catalog's format: {@code name,match,category,vendor,retention}, {@code #} comments. */
    private static CookieCatalog loadBuiltIn() {
        InputStream in = CookieCatalog.class.getResourceAsStream(BUILT_IN);
        if (in == null) {
            throw new IllegalStateException("built-in cookie catalog " + BUILT_IN + " is missing from the classpath");
        }
        List<CatalogEntry> entries = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 5 || !(f[1].equals("exact") || f[1].equals("prefix"))) {
                    throw new IllegalStateException("built-in cookie catalog line " + number
                            + ": expected name,exact|prefix,category,vendor,retention");
                }
                entries.add(new CatalogEntry(f[0], f[1].equals("prefix"), f[2], f[3], f[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in cookie catalog", e);
        }
        return of(entries);
    }
}
