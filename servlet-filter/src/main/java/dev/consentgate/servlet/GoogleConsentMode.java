package dev.consentgate.servlet;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.config.ConsentGateConfig;
import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.signal.SignalsConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Google Consent Mode v2 values for a consent state, for templates that load Google tags and for the banner script.
 *
 * <pre>{@code
 * <script>
 *   window.dataLayer = window.dataLayer || [];
 *   function gtag(){dataLayer.push(arguments);}
 *   <%= GoogleConsentMode.defaults().gtagDefault(ConsentGate.consent(request)) %>
 * </script>
 * }</pre>
 * renders, for a visitor who granted analytics only,
 * <pre>{@code
 * gtag('consent', 'default', {"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied",
 *     "analytics_storage":"granted"});
 * }</pre>
 * (on one line).
 *
 * <p>Each consent type is {@code granted} when the visitor's state grants the category mapped to it
 * ({@code signals.googleConsentMode}; by default ad_storage, ad_user_data and ad_personalization ← advertising,
 * analytics_storage ← analytics), and {@code denied} otherwise. {@code GET /consent} answers the same values as
 * {@code googleConsentMode}. Render the values of the state the filter resolved, so Global Privacy Control's
 * refusals are in them. Immutable and thread-safe.
 */
public final class GoogleConsentMode {

    private final Map<String, String> categories;

    private GoogleConsentMode(Map<String, String> categories) {
        this.categories = categories;
    }

    /** The default mapping. */
    public static GoogleConsentMode defaults() {
        return of(SignalsConfig.defaults().googleConsentMode());
    }

    /** The mapping of {@code config}'s {@code signals.googleConsentMode}. */
    public static GoogleConsentMode of(ConsentGateConfig config) {
        return of(requireNonNull(config, "config").signals().googleConsentMode());
    }

    /** Consent type → the category that grants it; types are checked by {@link SignalsConfig.Builder}. */
    public static GoogleConsentMode of(Map<String, String> typeToCategory) {
        SignalsConfig checked = SignalsConfig.builder().googleConsentMode(requireNonNull(typeToCategory,
                "typeToCategory")).build();
        return new GoogleConsentMode(checked.googleConsentMode());
    }

    /** Each mapped consent type → {@code granted} or {@code denied}, in mapping order. */
    public Map<String, String> values(ConsentState state) {
        requireNonNull(state, "state");
        Map<String, String> values = new LinkedHashMap<>();
        categories.forEach((type, category) -> values.put(type, state.isGranted(category) ? "granted" : "denied"));
        return Collections.unmodifiableMap(values);
    }

    /** The {@code gtag('consent', 'default', …);} statement, to run before any Google tag loads. */
    public String gtagDefault(ConsentState state) {
        return gtag("default", state);
    }

    /** The {@code gtag('consent', 'update', …);} statement, after the visitor's choice changed on the page. */
    public String gtagUpdate(ConsentState state) {
        return gtag("update", state);
    }

    private String gtag(String command, ConsentState state) {
        StringBuilder js = new StringBuilder("gtag('consent', '").append(command).append("', {");
        // Types and values come from fixed sets, so nothing here needs escaping for JavaScript or HTML.
        values(state).forEach((type, value) -> js.append(js.charAt(js.length() - 1) == '{' ? "" : ",")
                .append('"').append(type).append("\":\"").append(value).append('"'));
        return js.append("});").toString();
    }
}
