package dev.consentgate.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.cookie.CookieClassifier;

/**
 * One known cookie: its name (or name prefix), the consent category it belongs to, who sets it and how long it
 * lives as the vendor documents it.
 *
 * @param name      the exact cookie name, or the prefix when {@code prefix} is true; 1 to 256 characters
 * @param prefix    whether every name starting with {@code name} is meant
 * @param category  a category id such as {@code analytics}
 * @param vendor    who sets it, such as {@code Google Analytics}; may be empty
 * @param retention how long it lives, as documented ({@code 2 years}, {@code session}); may be empty
 */
public record CatalogEntry(String name, boolean prefix, String category, String vendor, String retention) {

    public CatalogEntry {
        requireNonNull(name, "name");
        requireNonNull(category, "category");
        requireNonNull(vendor, "vendor");
        requireNonNull(retention, "retention");
        if (name.isEmpty() || name.length() > CookieClassifier.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("cookie name must have 1 to " + CookieClassifier.MAX_NAME_LENGTH
                    + " characters, got " + name.length());
        }
        if (category.isEmpty()) {
            throw new IllegalArgumentException("category of cookie '" + name + "' is empty");
        }
    }
}
