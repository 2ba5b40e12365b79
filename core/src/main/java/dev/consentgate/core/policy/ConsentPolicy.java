package dev.consentgate.core.policy;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a visitor is asked to consent to: the categories, the policy revision and how long a choice holds.
 *
 * <p>Bumping {@link #revision()} invalidates every earlier choice: visitors are asked again, as GDPR Art. 7
 * requires when the purposes change. The {@link ConsentCategory#NECESSARY necessary} category is always present
 * and always first.
 *
 * <p>Build with {@link #builder()}; the JSON configuration ends in the same builder. Immutable and thread-safe.
 */
public final class ConsentPolicy {

    /** Longest a consent may hold: 13 months, the CNIL's and EDPB's recommended maximum. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(395);
    /** Default lifetime of a choice that grants something: 12 months. */
    public static final Duration DEFAULT_ACCEPT_LIFETIME = Duration.ofDays(365);
    /** Default lifetime of a refusal: 6 months, after which the visitor may be asked again. */
    public static final Duration DEFAULT_REFUSAL_LIFETIME = Duration.ofDays(182);

    private final Map<String, ConsentCategory> categories;
    private final int revision;
    private final Duration acceptLifetime;
    private final Duration refusalLifetime;
    private final ConsentMode mode;
    private final UnclassifiedCookies unclassifiedCookies;

    private ConsentPolicy(Builder b) {
        Map<String, ConsentCategory> all = new LinkedHashMap<>();
        all.put(ConsentCategory.NECESSARY, b.categories.getOrDefault(ConsentCategory.NECESSARY,
                ConsentCategory.necessary()));
        b.categories.forEach(all::putIfAbsent);
        this.categories = Collections.unmodifiableMap(all);
        this.revision = b.revision;
        this.acceptLifetime = b.acceptLifetime;
        this.refusalLifetime = b.refusalLifetime;
        this.mode = b.mode;
        this.unclassifiedCookies = b.unclassifiedCookies;
    }

    /** A builder with the defaults: revision 1, opt-in, 12 / 6 months, only the necessary category. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this policy's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        categories.forEach((id, c) -> {
            // The default necessary category is implied; copying it would make adding a custom one a duplicate.
            if (!c.equals(ConsentCategory.necessary())) {
                b.categories.put(id, c);
            }
        });
        b.revision = revision;
        b.acceptLifetime = acceptLifetime;
        b.refusalLifetime = refusalLifetime;
        b.mode = mode;
        b.unclassifiedCookies = unclassifiedCookies;
        return b;
    }

    /** All categories, necessary first, then in the order they were added. */
    public List<ConsentCategory> categories() {
        return List.copyOf(categories.values());
    }

    /** All category ids, necessary first. */
    public Set<String> categoryIds() {
        return categories.keySet();
    }

    /** The category with this id, if the policy defines it. */
    public Optional<ConsentCategory> category(String id) {
        return Optional.ofNullable(categories.get(id));
    }

    /** Whether the policy defines a category with this id. */
    public boolean hasCategory(String id) {
        return categories.containsKey(id);
    }

    public int revision() {
        return revision;
    }

    public Duration acceptLifetime() {
        return acceptLifetime;
    }

    public Duration refusalLifetime() {
        return refusalLifetime;
    }

    public ConsentMode mode() {
        return mode;
    }

    public UnclassifiedCookies unclassifiedCookies() {
        return unclassifiedCookies;
    }

    /**
     * SHA-256 (hex) of what the visitor is shown: the revision and each category's id, title and description, and
     * its translations.
     * Kept with each consent record, so an auditor can tell which texts a visitor agreed to.
     */
    public String textHash() {
        StringBuilder text = new StringBuilder().append(revision);
        for (ConsentCategory c : categories.values()) {
            // NUL separators: no text can contain one, so no two policies serialise alike
            text.append('\0').append(c.id()).append('\0').append(c.title()).append('\0').append(c.description());
            // Translations are shown too; a policy without any hashes as it did before they existed.
            c.translations().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(t -> text.append('\0')
                    .append(t.getKey()).append('\0').append(t.getValue().title()).append('\0')
                    .append(t.getValue().description()));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ConsentPolicy[revision=" + revision + ", categories=" + categories.keySet() + ", mode="
                + mode.jsonName() + "]";
    }

    /**
     * Builds a {@link ConsentPolicy}. Each setter validates its argument at once and names the setting in its
     * message; {@link #build()} checks what spans settings and does not change the builder. Not thread-safe.
     */
    public static final class Builder {
        private final Map<String, ConsentCategory> categories = new LinkedHashMap<>();
        private int revision = 1;
        private Duration acceptLifetime = DEFAULT_ACCEPT_LIFETIME;
        private Duration refusalLifetime = DEFAULT_REFUSAL_LIFETIME;
        private ConsentMode mode = ConsentMode.OPT_IN;
        private UnclassifiedCookies unclassifiedCookies = UnclassifiedCookies.ALLOW_WHEN_ALL_GRANTED;

        private Builder() {
        }

        /**
         * Adds a category. Adding {@code necessary} replaces the default texts and cookies of the necessary
         * category; any other id may be added only once.
         */
        public Builder category(ConsentCategory category) {
            requireNonNull(category, "category");
            if (categories.containsKey(category.id())) {
                throw new IllegalArgumentException("duplicate category id '" + category.id() + "'");
            }
            categories.put(category.id(), category);
            return this;
        }

        /** Adds each category, as {@link #category(ConsentCategory)}. */
        public Builder categories(List<ConsentCategory> more) {
            requireNonNull(more, "categories").forEach(this::category);
            return this;
        }

        /** The policy revision, at least 1; bump it when the purposes or categories change. */
        public Builder revision(int revision) {
            if (revision < 1) {
                throw new IllegalArgumentException("revision must be at least 1, got " + revision);
            }
            this.revision = revision;
            return this;
        }

        /** How long a choice that grants any non-necessary category holds; at most 13 months (395 days). */
        public Builder acceptLifetime(Duration lifetime) {
            this.acceptLifetime = checkLifetime("acceptLifetime", lifetime);
            return this;
        }

        /** How long a refusal holds; at most 13 months (395 days). */
        public Builder refusalLifetime(Duration lifetime) {
            this.refusalLifetime = checkLifetime("refusalLifetime", lifetime);
            return this;
        }

        public Builder mode(ConsentMode mode) {
            this.mode = requireNonNull(mode, "mode");
            return this;
        }

        public Builder unclassifiedCookies(UnclassifiedCookies unclassifiedCookies) {
            this.unclassifiedCookies = requireNonNull(unclassifiedCookies, "unclassifiedCookies");
            return this;
        }

        /**
         * The policy.
         *
         * @throws IllegalArgumentException when one cookie name or prefix is listed by two categories
         */
        public ConsentPolicy build() {
            Map<String, String> names = new HashMap<>();
            Map<String, String> prefixes = new HashMap<>();
            for (ConsentCategory c : categories.values()) {
                for (String name : c.cookies().names()) {
                    String other = names.putIfAbsent(name, c.id());
                    if (other != null) {
                        throw new IllegalArgumentException("cookie name '" + name + "' is listed by both '" + other
                                + "' and '" + c.id() + "'");
                    }
                }
                for (String prefix : c.cookies().prefixes()) {
                    String other = prefixes.putIfAbsent(prefix, c.id());
                    if (other != null && !other.equals(c.id())) {
                        throw new IllegalArgumentException("cookie prefix '" + prefix + "' is listed by both '"
                                + other + "' and '" + c.id() + "'");
                    }
                }
            }
            return new ConsentPolicy(this);
        }

        private static Duration checkLifetime(String setting, Duration lifetime) {
            requireNonNull(lifetime, setting);
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException(setting + " must be positive, got " + inDays(lifetime));
            }
            if (lifetime.compareTo(MAX_LIFETIME) > 0) {
                throw new IllegalArgumentException(setting + " must be at most 13 months (P395D), got "
                        + inDays(lifetime));
            }
            return lifetime;
        }

        /** {@code P400D} rather than {@link Duration#toString()}'s {@code PT9600H}, when whole days. */
        private static String inDays(Duration d) {
            return d.toSeconds() % 86_400 == 0 && d.toNanosPart() == 0 ? "P" + d.toDays() + "D" : d.toString();
        }
    }
}
