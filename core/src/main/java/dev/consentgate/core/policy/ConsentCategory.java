package dev.consentgate.core.policy;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A purpose a visitor can consent to, such as {@code analytics}, with the cookies it covers.
 *
 * <p>Categories are an open set: a policy defines its own, and only {@link #NECESSARY} is built in. The necessary
 * category is always granted and cannot be refused, because the site cannot work without its cookies (the
 * session cookie, the consent cookie itself).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id          stable machine name, lower case ({@code [a-z][a-z0-9_-]{0,31}}); stored in consent cookies
 *                    and consent records, so renaming one is a policy change
 * @param title       short human title shown in the banner
 * @param description what the category is used for, shown in the banner and on the policy page
 * @param cookies     the cookie names this category covers
 */
public record ConsentCategory(String id, String title, String description, CookieMatchers cookies) {

    /** Id of the category that is always granted. */
    public static final String NECESSARY = "necessary";

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    public ConsentCategory {
        requireNonNull(id, "id");
        requireNonNull(title, "title");
        requireNonNull(description, "description");
        requireNonNull(cookies, "cookies");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("category id must match [a-z][a-z0-9_-]{0,31}, got '" + id + "'");
        }
    }

    /** A category with the given id and texts that covers no cookies yet. */
    public static ConsentCategory of(String id, String title, String description) {
        return new ConsentCategory(id, title, description, CookieMatchers.none());
    }

    /** The default necessary category, covering no cookie names besides those the filter always treats so. */
    public static ConsentCategory necessary() {
        return of(NECESSARY, "Strictly necessary",
                "Cookies the site cannot work without, such as the session and your consent choice.");
    }

    /** Whether this is the always-granted necessary category. */
    public boolean isNecessary() {
        return NECESSARY.equals(id);
    }

    /** A copy covering the given cookies. */
    public ConsentCategory withCookies(CookieMatchers cookies) {
        return new ConsentCategory(id, title, description, cookies);
    }
}
