package dev.consentgate.core.signal;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.policy.ConsentCategory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which consent signals the filter reads besides its own cookie, in which precedence, and how each maps to the
 * policy's categories.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>{@link Builder#precedence}</td><td>{@code consentgate} (the signed cookie), {@code tcf},
 *       {@code cookiebot}, {@code onetrust}, {@code cookieconsent}, {@code klaro}, {@code tarteaucitron}</td></tr>
 *   <tr><td>{@link Builder#gpc}</td><td>on</td></tr>
 *   <tr><td>{@link Builder#gpcRefuses}</td><td>{@code advertising}</td></tr>
 *   <tr><td>{@link Builder#gpcLastUpdate}</td><td>none ({@code lastUpdate} is left out of {@code gpc.json})</td></tr>
 *   <tr><td>{@link Builder#tcf}</td><td>off</td></tr>
 *   <tr><td>{@link Builder#tcfCookieName}</td><td>{@code euconsent-v2}</td></tr>
 *   <tr><td>{@link Builder#tcfPurposes}</td><td>analytics ← 1, 8, 9; advertising ← 1, 2, 3, 4; preferences ← 1,
 *       5, 6</td></tr>
 *   <tr><td>{@link Builder#tcfSpecialFeatures}</td><td>none</td></tr>
 *   <tr><td>{@link Builder#manager}</td><td>every consent manager off</td></tr>
 *   <tr><td>{@link Builder#managerCookieName}, {@link Builder#managerMapping}</td><td>as
 *       {@link ConsentManager}</td></tr>
 *   <tr><td>{@link Builder#googleConsentMode}</td><td>ad_storage, ad_user_data, ad_personalization ← advertising;
 *       analytics_storage ← analytics</td></tr>
 * </table>
 *
 * <p>Every source other than GPC is off until configured: the filter trusts only the signals the site says it uses.
 * Immutable and thread-safe.
 */
public final class SignalsConfig {

    /** The precedence name of the filter's own signed cookie. */
    public static final String OWN_COOKIE = "consentgate";
    /** The precedence name of the TC string. */
    public static final String TCF = "tcf";
    /** The categories the defaults name; like tracking's defaults, the policy need not define them. */
    public static final Set<String> DEFAULT_CATEGORIES = Set.of("analytics", "advertising", "preferences");
    /** The Google Consent Mode v2 consent types. */
    public static final List<String> GOOGLE_CONSENT_TYPES = List.of("ad_storage", "ad_user_data",
            "ad_personalization", "analytics_storage", "functionality_storage", "personalization_storage",
            "security_storage");

    private static final Pattern CATEGORY_ID = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    // RFC 6265 §4.1.1: cookie-name is an RFC 2616 token.
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Pattern MANAGER_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final List<String> precedence;
    private final boolean gpc;
    private final Set<String> gpcRefuses;
    private final Optional<LocalDate> gpcLastUpdate;
    private final boolean tcf;
    private final String tcfCookieName;
    private final Map<String, Set<Integer>> tcfPurposes;
    private final Map<String, Set<Integer>> tcfSpecialFeatures;
    private final Map<ConsentManager, ManagerSettings> managers;
    private final Map<String, String> googleConsentMode;

    /**
     * One consent manager's settings.
     *
     * @param enabled    whether its cookie is read
     * @param cookieName the cookie it keeps consent in
     * @param mapping    its category, group or service names → category ids
     */
    public record ManagerSettings(boolean enabled, String cookieName, Map<String, String> mapping) {
        public ManagerSettings {
            requireNonNull(cookieName, "cookieName");
            mapping = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(mapping, "mapping")));
        }
    }

    private SignalsConfig(Builder b) {
        this.precedence = List.copyOf(b.precedence);
        this.gpc = b.gpc;
        this.gpcRefuses = Collections.unmodifiableSet(new TreeSet<>(b.gpcRefuses));
        this.gpcLastUpdate = b.gpcLastUpdate;
        this.tcf = b.tcf;
        this.tcfCookieName = b.tcfCookieName;
        this.tcfPurposes = copy(b.tcfPurposes);
        this.tcfSpecialFeatures = copy(b.tcfSpecialFeatures);
        this.managers = Collections.unmodifiableMap(new EnumMap<>(b.managers));
        this.googleConsentMode = Collections.unmodifiableMap(new LinkedHashMap<>(b.googleConsentMode));
    }

    /** The defaults: only the signed cookie and GPC. */
    public static SignalsConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.precedence.clear();
        b.precedence.addAll(precedence);
        b.gpc = gpc;
        b.gpcRefuses.clear();
        b.gpcRefuses.addAll(gpcRefuses);
        b.gpcLastUpdate = gpcLastUpdate;
        b.tcf = tcf;
        b.tcfCookieName = tcfCookieName;
        b.tcfPurposes.clear();
        b.tcfPurposes.putAll(tcfPurposes);
        b.tcfSpecialFeatures.putAll(tcfSpecialFeatures);
        b.managers.putAll(managers);
        b.googleConsentMode.clear();
        b.googleConsentMode.putAll(googleConsentMode);
        return b;
    }

    /** Source names, first decides: {@value #OWN_COOKIE}, {@value #TCF} and {@link ConsentManager} names. */
    public List<String> precedence() {
        return precedence;
    }

    /** Whether {@code Sec-GPC: 1} is honoured (and {@code /.well-known/gpc.json} served). */
    public boolean gpc() {
        return gpc;
    }

    /** The categories {@code Sec-GPC: 1} refuses, whatever any other source says. */
    public Set<String> gpcRefuses() {
        return gpcRefuses;
    }

    /** The {@code lastUpdate} of {@code /.well-known/gpc.json}, when configured. */
    public Optional<LocalDate> gpcLastUpdate() {
        return gpcLastUpdate;
    }

    /** Whether the TC string is read. */
    public boolean tcf() {
        return tcf;
    }

    public String tcfCookieName() {
        return tcfCookieName;
    }

    /** Category id → the TCF purposes that must all have consent. */
    public Map<String, Set<Integer>> tcfPurposes() {
        return tcfPurposes;
    }

    /** Category id → the TCF special features that must all be opted in, besides its purposes. */
    public Map<String, Set<Integer>> tcfSpecialFeatures() {
        return tcfSpecialFeatures;
    }

    /** The settings of one consent manager. */
    public ManagerSettings manager(ConsentManager manager) {
        return managers.get(requireNonNull(manager, "manager"));
    }

    /** Google Consent Mode type → the category that grants it; types not listed are not rendered. */
    public Map<String, String> googleConsentMode() {
        return googleConsentMode;
    }

    /** Every consent manager cookie name, enabled or not, which the filter classifies as necessary. */
    public Set<String> consentManagerCookies() {
        Set<String> names = new TreeSet<>();
        names.add(tcfCookieName);
        names.add(Builder.DEFAULT_TCF_COOKIE);
        for (ConsentManager m : ConsentManager.values()) {
            names.add(m.defaultCookieName());
            names.add(managers.get(m).cookieName());
            names.addAll(m.otherCookies());
        }
        return Collections.unmodifiableSet(names);
    }

    /** Every category id the settings name, for checking them against the policy. */
    public Set<String> referencedCategories() {
        Set<String> all = new TreeSet<>(gpcRefuses);
        all.addAll(tcfPurposes.keySet());
        all.addAll(tcfSpecialFeatures.keySet());
        managers.values().forEach(m -> all.addAll(m.mapping().values()));
        all.addAll(googleConsentMode.values());
        return Collections.unmodifiableSet(all);
    }

    private static Map<String, Set<Integer>> copy(Map<String, Set<Integer>> map) {
        Map<String, Set<Integer>> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, Collections.unmodifiableSet(new TreeSet<>(v))));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Builds a {@link SignalsConfig}. Setters validate at once, naming the setting and the bad value;
     * {@link #build()} checks what spans settings and does not change the builder. Not thread-safe.
     */
    public static final class Builder {
        static final String DEFAULT_TCF_COOKIE = "euconsent-v2";

        private final List<String> precedence = new ArrayList<>();
        private boolean gpc = true;
        private final Set<String> gpcRefuses = new LinkedHashSet<>(Set.of("advertising"));
        private Optional<LocalDate> gpcLastUpdate = Optional.empty();
        private boolean tcf;
        private String tcfCookieName = DEFAULT_TCF_COOKIE;
        private final Map<String, Set<Integer>> tcfPurposes = new LinkedHashMap<>();
        private final Map<String, Set<Integer>> tcfSpecialFeatures = new LinkedHashMap<>();
        private final Map<ConsentManager, ManagerSettings> managers = new EnumMap<>(ConsentManager.class);
        private final Map<String, String> googleConsentMode = new LinkedHashMap<>();

        private Builder() {
            precedence.add(OWN_COOKIE);
            precedence.add(TCF);
            for (ConsentManager m : ConsentManager.values()) {
                precedence.add(m.jsonName());
                managers.put(m, new ManagerSettings(false, m.defaultCookieName(), m.defaultMapping()));
            }
            // No category without purpose 1 (store and/or access information on a device).
            tcfPurposes.put("analytics", Set.of(1, 8, 9));
            tcfPurposes.put("advertising", Set.of(1, 2, 3, 4));
            tcfPurposes.put("preferences", Set.of(1, 5, 6));
            googleConsentMode.put("ad_storage", "advertising");
            googleConsentMode.put("ad_user_data", "advertising");
            googleConsentMode.put("ad_personalization", "advertising");
            googleConsentMode.put("analytics_storage", "analytics");
        }

        /**
         * The order sources are asked in; the first that decides wins. Names {@value #OWN_COOKIE}, {@value #TCF}
         * and {@link ConsentManager} names, each at most once; {@value #OWN_COOKIE} is required. A source left out
         * is never asked.
         */
        public Builder precedence(List<String> names) {
            requireNonNull(names, "precedence");
            List<String> known = knownSources();
            Set<String> seen = new HashSet<>();
            for (String name : names) {
                requireNonNull(name, "precedence entry");
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("precedence entry '" + name
                            + "' is not a source, expected one of " + known);
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("precedence names '" + name + "' twice");
                }
            }
            if (!seen.contains(OWN_COOKIE)) {
                throw new IllegalArgumentException("precedence must name " + OWN_COOKIE
                        + ", the signed consent cookie");
            }
            precedence.clear();
            precedence.addAll(names);
            return this;
        }

        /** Whether {@code Sec-GPC: 1} is honoured; turn it off where no law gives it weight, if you must. */
        public Builder gpc(boolean enabled) {
            this.gpc = enabled;
            return this;
        }

        /** The categories {@code Sec-GPC: 1} refuses; at least one, never {@code necessary}. */
        public Builder gpcRefuses(Collection<String> categories) {
            requireNonNull(categories, "gpcRefuses");
            if (categories.isEmpty()) {
                throw new IllegalArgumentException("gpcRefuses must name at least one category; to ignore GPC, turn"
                        + " it off");
            }
            categories.forEach(c -> checkCategory("gpcRefuses", c, false));
            gpcRefuses.clear();
            gpcRefuses.addAll(categories);
            return this;
        }

        /** The date {@code /.well-known/gpc.json} gives as {@code lastUpdate}. */
        public Builder gpcLastUpdate(LocalDate date) {
            this.gpcLastUpdate = Optional.of(requireNonNull(date, "gpcLastUpdate"));
            return this;
        }

        /** Whether the TC string is read. */
        public Builder tcf(boolean enabled) {
            this.tcf = enabled;
            return this;
        }

        /** The cookie holding the TC string, an RFC 6265 token. */
        public Builder tcfCookieName(String name) {
            this.tcfCookieName = checkCookieName("tcfCookieName", name);
            return this;
        }

        /**
         * Replaces the purpose mapping: category id → TCF purposes (1 to 11) that must all have consent. Every entry
         * must include purpose 1, storage and access on the device, without which no cookie may be set.
         */
        public Builder tcfPurposes(Map<String, ? extends Collection<Integer>> mapping) {
            requireNonNull(mapping, "tcfPurposes");
            Map<String, Set<Integer>> checked = checkNumbers("tcfPurposes", mapping, 11);
            checked.forEach((category, purposes) -> {
                if (!purposes.contains(1)) {
                    throw new IllegalArgumentException("tcfPurposes for '" + category + "' must include purpose 1"
                            + " (store and/or access information on a device), got " + purposes);
                }
            });
            tcfPurposes.clear();
            tcfPurposes.putAll(checked);
            return this;
        }

        /** Replaces the special feature mapping: category id → TCF special features (1, 2) that must be opted in. */
        public Builder tcfSpecialFeatures(Map<String, ? extends Collection<Integer>> mapping) {
            requireNonNull(mapping, "tcfSpecialFeatures");
            Map<String, Set<Integer>> checked = checkNumbers("tcfSpecialFeatures", mapping, 2);
            tcfSpecialFeatures.clear();
            tcfSpecialFeatures.putAll(checked);
            return this;
        }

        /** Whether the consent manager's cookie is read. */
        public Builder manager(ConsentManager manager, boolean enabled) {
            ManagerSettings s = managers.get(requireNonNull(manager, "manager"));
            managers.put(manager, new ManagerSettings(enabled, s.cookieName(), s.mapping()));
            return this;
        }

        /** The cookie the consent manager keeps consent in, an RFC 6265 token. */
        public Builder managerCookieName(ConsentManager manager, String name) {
            ManagerSettings s = managers.get(requireNonNull(manager, "manager"));
            String checked = checkCookieName(manager.jsonName() + ".cookieName", name);
            managers.put(manager, new ManagerSettings(s.enabled(), checked, s.mapping()));
            return this;
        }

        /** Replaces the manager's mapping: its category, group or service names → category ids. */
        public Builder managerMapping(ConsentManager manager, Map<String, String> mapping) {
            ManagerSettings s = managers.get(requireNonNull(manager, "manager"));
            requireNonNull(mapping, "mapping");
            String setting = manager.jsonName() + ".mapping";
            mapping.forEach((name, category) -> {
                requireNonNull(name, setting + " key");
                if (!MANAGER_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException(setting + " key must match [A-Za-z0-9_.:-]{1,64}, got '"
                            + name + "'");
                }
                checkCategory(setting, category, false);
            });
            managers.put(manager, new ManagerSettings(s.enabled(), s.cookieName(), mapping));
            return this;
        }

        /** Replaces the Google Consent Mode mapping: consent type → the category that grants it. */
        public Builder googleConsentMode(Map<String, String> mapping) {
            requireNonNull(mapping, "googleConsentMode");
            mapping.forEach((type, category) -> {
                if (!GOOGLE_CONSENT_TYPES.contains(type)) {
                    throw new IllegalArgumentException("googleConsentMode type must be one of " + GOOGLE_CONSENT_TYPES
                            + ", got '" + type + "'");
                }
                checkCategory("googleConsentMode", category, true);
            });
            googleConsentMode.clear();
            googleConsentMode.putAll(mapping);
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException when an enabled source is not in the precedence, Klaro or tarteaucitron
         *                                  is enabled without a mapping, or a special feature names a category
         *                                  with no purposes
         */
        public SignalsConfig build() {
            if (tcf && !precedence.contains(TCF)) {
                throw new IllegalArgumentException("tcf is enabled but precedence does not name it");
            }
            for (ConsentManager m : ConsentManager.values()) {
                ManagerSettings s = managers.get(m);
                if (s.enabled() && !precedence.contains(m.jsonName())) {
                    throw new IllegalArgumentException(m.jsonName() + " is enabled but precedence does not name it");
                }
                if (s.enabled() && m.needsMapping() && s.mapping().isEmpty()) {
                    throw new IllegalArgumentException(m.jsonName() + " stores consent per service: map its services"
                            + " to categories before enabling it");
                }
            }
            for (String category : tcfSpecialFeatures.keySet()) {
                if (!tcfPurposes.containsKey(category)) {
                    throw new IllegalArgumentException("tcfSpecialFeatures names '" + category
                            + "', which tcfPurposes does not map");
                }
            }
            return new SignalsConfig(this);
        }

        private static List<String> knownSources() {
            List<String> known = new ArrayList<>(List.of(OWN_COOKIE, TCF));
            Arrays.stream(ConsentManager.values()).map(ConsentManager::jsonName).forEach(known::add);
            return known;
        }

        private static Map<String, Set<Integer>> checkNumbers(String setting,
                Map<String, ? extends Collection<Integer>> mapping, int max) {
            Map<String, Set<Integer>> checked = new LinkedHashMap<>();
            mapping.forEach((category, numbers) -> {
                checkCategory(setting, category, false);
                requireNonNull(numbers, setting + " entry");
                if (numbers.isEmpty()) {
                    throw new IllegalArgumentException(setting + " for '" + category + "' must list at least one"
                            + " number");
                }
                for (Integer n : numbers) {
                    if (n == null || n < 1 || n > max) {
                        throw new IllegalArgumentException(setting + " numbers must be from 1 to " + max + ", got "
                                + n);
                    }
                }
                checked.put(category, Collections.unmodifiableSet(new TreeSet<>(numbers)));
            });
            return checked;
        }

        private static void checkCategory(String setting, String category, boolean necessaryAllowed) {
            requireNonNull(category, setting + " category");
            if (!CATEGORY_ID.matcher(category).matches()) {
                throw new IllegalArgumentException(setting + " category must match [a-z][a-z0-9_-]{0,31}, got '"
                        + category + "'");
            }
            if (!necessaryAllowed && category.equals(ConsentCategory.NECESSARY)) {
                throw new IllegalArgumentException(setting + " cannot name necessary, which is always granted");
            }
        }

        private static String checkCookieName(String setting, String name) {
            requireNonNull(name, setting);
            if (!TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException(setting + " must be an RFC 6265 token of 1 to 64 characters, got '"
                        + name + "'");
            }
            return name;
        }
    }
}
