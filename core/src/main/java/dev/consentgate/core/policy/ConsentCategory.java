package dev.consentgate.core.policy;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A purpose a visitor can consent to, such as {@code analytics}, with the cookies it covers and the third-party
 * hosts its tags load from.
 *
 * <p>Categories are an open set: a policy defines its own, and only {@link #NECESSARY} is built in. The necessary
 * category is always granted and cannot be refused, because the site cannot work without its cookies (the
 * session cookie, the consent cookie itself).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id           stable machine name, lower case ({@code [a-z][a-z0-9_-]{0,31}}); stored in consent cookies
 *                     and consent records, so renaming one is a policy change
 * @param title        short human title shown in the banner, in the site's default language
 * @param description  what the category is used for, shown in the banner and on the policy page
 * @param cookies      the cookie names this category covers
 * @param hosts        CSP host sources its tags load scripts, images, frames and connections from, such as
 *                     {@code www.googletagmanager.com} or {@code *.doubleclick.net}; allowed only once it is granted
 * @param translations title and description per language ({@code de}, {@code fr}): ISO 639 codes, lower case
 */
public record ConsentCategory(String id, String title, String description, CookieMatchers cookies,
        List<String> hosts, Map<String, Texts> translations) {

    /** Id of the category that is always granted. */
    public static final String NECESSARY = "necessary";

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    // A CSP host-source (CSP3 §2.3.1) limited to what a tag needs: optional http(s) scheme, optional leading
    // wildcard label, DNS labels, optional port. No paths, quotes, spaces or separators: the value goes into a header.
    private static final Pattern HOST = Pattern.compile("(https?://)?(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*"
            + "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:[0-9]{1,5})?");

    /** A title and a description in one language. */
    public record Texts(String title, String description) {
        public Texts {
            requireNonNull(title, "title");
            requireNonNull(description, "description");
        }
    }

    public ConsentCategory {
        requireNonNull(id, "id");
        requireNonNull(title, "title");
        requireNonNull(description, "description");
        requireNonNull(cookies, "cookies");
        requireNonNull(hosts, "hosts");
        requireNonNull(translations, "translations");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("category id must match [a-z][a-z0-9_-]{0,31}, got '" + id + "'");
        }
        Set<String> checked = new LinkedHashSet<>();
        for (String host : hosts) {
            checked.add(checkHost(host));
        }
        hosts = List.copyOf(checked);
        Map<String, Texts> copy = new HashMap<>();
        translations.forEach((language, texts) -> {
            requireNonNull(language, "translation language");
            requireNonNull(texts, "translation texts");
            if (!LANGUAGE.matcher(language).matches()) {
                throw new IllegalArgumentException("translation language must be a lower-case ISO 639 code such as"
                        + " de, got '" + language + "'");
            }
            copy.put(language, texts);
        });
        translations = Map.copyOf(copy);
    }

    /** A category without hosts or translations. */
    public ConsentCategory(String id, String title, String description, CookieMatchers cookies) {
        this(id, title, description, cookies, List.of(), Map.of());
    }

    /** A category with the given id and texts that covers no cookies yet. */
    public static ConsentCategory of(String id, String title, String description) {
        return new ConsentCategory(id, title, description, CookieMatchers.none());
    }

    /** The default necessary category, covering no cookie names besides those the filter always treats so. */
    public static ConsentCategory necessary() {
        return Necessary.CATEGORY;
    }

    /** Built once, on first use (a static field of the record itself would be built while the record is). */
    private static final class Necessary {
        static final ConsentCategory CATEGORY = of(NECESSARY, "Strictly necessary",
                "Cookies the site cannot work without, such as the session and your consent choice.");
    }

    /** Whether this is the always-granted necessary category. */
    public boolean isNecessary() {
        return NECESSARY.equals(id);
    }

    /** The texts in {@code language} ({@code de}), or the default ones when there is no such translation. */
    public Texts texts(String language) {
        Texts translated = translations.get(requireNonNull(language, "language"));
        return translated != null ? translated : new Texts(title, description);
    }

    /** A copy covering the given cookies. */
    public ConsentCategory withCookies(CookieMatchers cookies) {
        return new ConsentCategory(id, title, description, cookies, hosts, translations);
    }

    /** A copy whose tags load from these hosts (replacing any listed before). */
    public ConsentCategory withHosts(List<String> hosts) {
        return new ConsentCategory(id, title, description, cookies, hosts, translations);
    }

    /** A copy with texts in one more language (replacing an earlier translation into it). */
    public ConsentCategory withTranslation(String language, String title, String description) {
        Map<String, Texts> more = new HashMap<>(translations);
        more.put(requireNonNull(language, "language"), new Texts(title, description));
        return new ConsentCategory(id, this.title, this.description, cookies, hosts, more);
    }

    private static String checkHost(String host) {
        requireNonNull(host, "host");
        String h = host.toLowerCase(Locale.ROOT);
        if (h.length() > 253 || !HOST.matcher(h).matches()) {
            throw new IllegalArgumentException("host must be a host name such as www.example.com or *.example.com,"
                    + " optionally with http:// or https:// and a port, got '" + host + "'");
        }
        return h;
    }
}
