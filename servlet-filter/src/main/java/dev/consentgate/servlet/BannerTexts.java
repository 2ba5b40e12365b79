package dev.consentgate.servlet;

import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The banner's texts: its own labels from the {@code banner/BannerTexts*.properties} bundles (English, German,
 * French), and each category's title and description from the policy, translated where the configuration says
 * so. The language is the visitor's most preferred one by {@code Accept-Language} that the banner has, else
 * English. Immutable and thread-safe.
 */
final class BannerTexts {

    /** The languages the banner has labels for, the default first. */
    static final List<String> LANGUAGES = List.of("en", "de", "fr");
    static final String DEFAULT_LANGUAGE = "en";

    private static final int MAX_HEADER = 1_024;
    private static final int MAX_RANGES = 32;

    private final Map<String, Map<String, String>> labels = new LinkedHashMap<>();
    private final ConsentPolicy policy;

    /**
     * @throws IllegalArgumentException when a category is translated into a language the banner has no labels
     *                                  for, which no visitor would ever see
     */
    BannerTexts(ConsentPolicy policy) {
        this.policy = policy;
        for (String language : LANGUAGES) {
            labels.put(language, load(language));
        }
        for (ConsentCategory c : policy.categories()) {
            for (String language : new TreeSet<>(c.translations().keySet())) {
                if (!labels.containsKey(language)) {
                    throw new IllegalArgumentException("category '" + c.id() + "' has a translation into '"
                            + language + "', but the banner has texts only for " + LANGUAGES);
                }
            }
        }
    }

    /** The banner label {@code key} in {@code language}. */
    String label(String language, String key) {
        return labels.get(language).get(key);
    }

    /** Every banner label in {@code language}. */
    Map<String, String> labels(String language) {
        return labels.get(language);
    }

    /** A category's texts in {@code language}; the built-in necessary category has the bundles' own. */
    ConsentCategory.Texts category(ConsentCategory c, String language) {
        if (c.isNecessary() && c.equals(ConsentCategory.necessary())) {
            return new ConsentCategory.Texts(label(language, "necessaryTitle"),
                    label(language, "necessaryDescription"));
        }
        return c.texts(language);
    }

    ConsentPolicy policy() {
        return policy;
    }

    /**
     * The language of the banner for an {@code Accept-Language} header (RFC 9110 §12.5.4): the range with the
     * highest weight whose primary subtag the banner has, the earliest on a tie; {@code *} means the default.
     * Malformed ranges are skipped; a client's header never throws.
     */
    static String language(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.length() > MAX_HEADER) {
            return DEFAULT_LANGUAGE;
        }
        String best = DEFAULT_LANGUAGE;
        double bestWeight = 0;
        String[] ranges = acceptLanguage.split(",", MAX_RANGES + 1);
        for (int i = 0; i < ranges.length && i < MAX_RANGES; i++) {
            String[] parts = ranges[i].split(";", -1);
            String range = parts[0].strip().toLowerCase(Locale.ROOT);
            double weight = 1;
            for (int p = 1; p < parts.length; p++) {
                String param = parts[p].strip();
                if (param.startsWith("q=")) {
                    weight = weight(param.substring(2));
                }
            }
            String primary = range.split("-", 2)[0];
            String language = range.equals("*") ? DEFAULT_LANGUAGE : primary;
            if (weight > bestWeight && LANGUAGES.contains(language)) {
                best = language;
                bestWeight = weight;
            }
        }
        return best;
    }

    private static double weight(String q) {
        // RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
        if (!q.matches("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?")) {
            return 0;
        }
        return Double.parseDouble(q);
    }

    private static Map<String, String> load(String language) {
        String name = "banner/BannerTexts" + (language.equals(DEFAULT_LANGUAGE) ? "" : "_" + language)
                + ".properties";
        try (InputStream in = BannerTexts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the banner texts " + name + " are missing from the jar");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> texts = new LinkedHashMap<>();
            new TreeSet<>(p.stringPropertyNames()).forEach(k -> texts.put(k, p.getProperty(k)));
            return Map.copyOf(texts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the banner texts " + name, e);
        }
    }
}
