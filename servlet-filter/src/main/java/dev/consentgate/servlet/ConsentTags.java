package dev.consentgate.servlet;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.policy.ConsentCategory;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders the banner and consent-gated tags for the current request, as HTML strings for any template engine.
 *
 * <pre>{@code
 * <head>...</head><body>
 *   ...
 *   ${ConsentTags.script(request, "analytics", "https://www.googletagmanager.com/gtag/js?id=G-XXXX")}
 *   ${ConsentTags.inlineScript(request, "analytics", "gtag('config', 'G-XXXX');")}
 *   <footer>${ConsentTags.settingsLink(request)}</footer>
 *   ${ConsentTags.banner(request)}
 * </body>
 * }</pre>
 *
 * <p>A tag whose category the visitor has granted is rendered as a plain tag. Otherwise it is rendered inert — a
 * {@code <script type="text/plain" data-category="…">} the browser does not run, an {@code img} or {@code iframe}
 * with {@code data-src} instead of {@code src} — and the banner activates it once the category is granted. Scripts
 * carry the request's CSP nonce ({@value #NONCE_ATTRIBUTE}), without which the banner does not activate them.
 *
 * <p>Outside a request the {@link ConsentFilter} handled, the banner renders as nothing and every category counts
 * as refused. Stateless and thread-safe.
 */
public final class ConsentTags {

    /** Request attribute holding this request's CSP nonce (a string), when the filter sends a CSP. */
    public static final String NONCE_ATTRIBUTE = "dev.consentgate.cspNonce";

    /** The id the {@code <noscript>} settings panel has, and the settings link's fragment. */
    static final String NOSCRIPT_ID = "consentgate-settings";

    private ConsentTags() {
    }

    /** This request's CSP nonce, for the app's own inline scripts ({@code <script nonce="…">}). */
    public static Optional<String> nonce(ServletRequest request) {
        requireNonNull(request, "request");
        return request.getAttribute(NONCE_ATTRIBUTE) instanceof String n ? Optional.of(n) : Optional.empty();
    }

    /**
     * The third-party hosts of the categories the visitor granted, for an app that sends its own
     * Content-Security-Policy; empty outside a filtered request.
     */
    public static List<String> grantedHosts(ServletRequest request) {
        requireNonNull(request, "request");
        if (!(request.getAttribute(Banner.ATTRIBUTE) instanceof Banner banner)) {
            return List.of();
        }
        return Csp.grantedHosts(banner.config.policy(), ConsentGate.consent(request));
    }

    /**
     * The banner: its stylesheet, its script (with the nonce, deferred) and a {@code <noscript>} form posting to
     * the consent endpoint, open when the visitor has not decided and otherwise when the settings link targets it.
     * Put it at the end of {@code <body>}.
     */
    public static String banner(HttpServletRequest request) {
        requireNonNull(request, "request");
        if (!(request.getAttribute(Banner.ATTRIBUTE) instanceof Banner banner)) {
            return "";
        }
        String language = BannerTexts.language(request.getHeader("Accept-Language"));
        ConsentState state = ConsentGate.consent(request);
        // The markup is the same for every request of one context path, language and consent state but for the
        // nonce and the return path: it is built once per such combination and those two are filled in.
        Banner.MarkupKey key = new Banner.MarkupKey(request.getContextPath(), language, state.isDecided(),
                state.granted());
        String[] parts = banner.markup.get(key);
        if (parts == null) {
            parts = markup(banner, request, language, state).split(MARK, -1);
            if (banner.markup.size() < Banner.MAX_MARKUPS) {
                banner.markup.putIfAbsent(key, parts);
            }
        }
        return parts[0] + nonceAttribute(request) + parts[1] + escape(returnPath(request)) + parts[2];
    }

    /** Marks where the nonce attribute and then the return path go in {@link #markup}. */
    // Escaped text cannot contain it: escape() turns its "<" and ">" into entities.
    private static final String MARK = "<\u0000>";

    private static String markup(Banner banner, HttpServletRequest request, String language, ConsentState state) {
        StringBuilder html = new StringBuilder(2_048);
        html.append("<link rel=\"stylesheet\" href=\"")
                .append(escape(banner.assetUrl(request, banner.style, "banner.css"))).append("\">\n");
        html.append("<script src=\"").append(escape(banner.assetUrl(request, banner.script, "banner.js")))
                .append('"').append(MARK).append(" defer></script>\n");
        html.append("<noscript><div class=\"cg-noscript").append(state.isDecided() ? "" : " cg-open")
                .append("\" id=\"").append(NOSCRIPT_ID).append("\" lang=\"").append(language).append("\">")
                .append("<form method=\"post\" action=\"").append(escape(banner.endpointUrl(request))).append("\">")
                .append("<h2>").append(escape(banner.texts.label(language, "title"))).append("</h2>")
                .append("<p>").append(escape(banner.texts.label(language, "intro"))).append("</p>")
                .append("<input type=\"hidden\" name=\"return\" value=\"").append(MARK)
                .append("\">")
                .append("<fieldset><legend>").append(escape(banner.texts.label(language, "customise")))
                .append("</legend>");
        for (ConsentCategory c : banner.config.policy().categories()) {
            ConsentCategory.Texts t = banner.texts.category(c, language);
            html.append("<label><input type=\"checkbox\" name=\"granted\" value=\"").append(escape(c.id()))
                    .append('"').append(c.isNecessary() || state.isGranted(c.id()) ? " checked" : "")
                    .append(c.isNecessary() ? " disabled" : "").append("> <strong>").append(escape(t.title()))
                    .append("</strong> — ").append(escape(t.description())).append("</label>");
        }
        html.append("</fieldset>");
        for (String[] button : new String[][] {{"accept-all", "acceptAll"}, {"reject-all", "rejectAll"},
                {"custom", "save"}}) {
            html.append("<button type=\"submit\" name=\"action\" value=\"").append(button[0]).append("\">")
                    .append(escape(banner.texts.label(language, button[1]))).append("</button>");
        }
        html.append("</form></div></noscript>\n");
        return html.toString();
    }

    /**
     * A "Cookie settings" link in the visitor's language that re-opens the banner (or, without JavaScript, the
     * {@code <noscript>} form). Any element with the attribute {@code data-consentgate-settings} does the same.
     */
    public static String settingsLink(HttpServletRequest request) {
        requireNonNull(request, "request");
        String language = BannerTexts.language(request.getHeader("Accept-Language"));
        String label = request.getAttribute(Banner.ATTRIBUTE) instanceof Banner banner
                ? banner.texts.label(language, "settings") : "Cookie settings";
        return "<a href=\"#" + NOSCRIPT_ID + "\" data-consentgate-settings>" + escape(label) + "</a>";
    }

    /** An external script of {@code category}, such as a vendor's tag. */
    public static String script(HttpServletRequest request, String category, String src) {
        requireNonNull(src, "src");
        return granted(request, category)
                ? "<script src=\"" + escape(src) + "\"></script>"
                : "<script type=\"text/plain\" data-category=\"" + escape(category) + "\" src=\"" + escape(src) + "\""
                        + nonceAttribute(request) + "></script>";
    }

    /**
     * An inline script of {@code category}.
     *
     * @throws IllegalArgumentException when {@code code} contains {@code </script} or {@code <!--}, which would
     *                                  end or change the element
     */
    public static String inlineScript(HttpServletRequest request, String category, String code) {
        requireNonNull(code, "code");
        String lower = code.toLowerCase(Locale.ROOT);
        if (lower.contains("</script") || lower.contains("<!--")) {
            throw new IllegalArgumentException("inline script must not contain </script or <!--");
        }
        return (granted(request, category) ? "<script" : "<script type=\"text/plain\" data-category=\""
                + escape(category) + "\"") + nonceAttribute(request) + ">" + code + "</script>";
    }

    /** An image of {@code category}, such as a tracking pixel; {@code alt} may be empty. */
    public static String image(HttpServletRequest request, String category, String src, String alt) {
        return element(request, category, "img", src, "alt", requireNonNull(alt, "alt"), "");
    }

    /** An iframe of {@code category}, such as an embedded video; {@code title} names it for assistive technology. */
    public static String iframe(HttpServletRequest request, String category, String src, String title) {
        return element(request, category, "iframe", src, "title", requireNonNull(title, "title"), "</iframe>");
    }

    private static String element(HttpServletRequest request, String category, String tag, String src,
            String textAttribute, String text, String end) {
        requireNonNull(src, "src");
        String attributes = textAttribute + "=\"" + escape(text) + "\"";
        return granted(request, category)
                ? "<" + tag + " src=\"" + escape(src) + "\" " + attributes + ">" + end
                : "<" + tag + " data-category=\"" + escape(category) + "\" data-src=\"" + escape(src) + "\" "
                        + attributes + ">" + end;
    }

    /** Whether {@code category} is granted; a category the filter's policy lacks is a mistake in the template. */
    private static boolean granted(HttpServletRequest request, String category) {
        requireNonNull(request, "request");
        requireNonNull(category, "category");
        if (request.getAttribute(Banner.ATTRIBUTE) instanceof Banner banner
                && !banner.config.policy().hasCategory(category)) {
            throw new IllegalArgumentException("unknown category '" + category + "', expected one of "
                    + banner.config.policy().categoryIds());
        }
        return ConsentGate.consent(request).isGranted(category);
    }

    private static String nonceAttribute(ServletRequest request) {
        return nonce(request).map(n -> " nonce=\"" + escape(n) + "\"").orElse("");
    }

    /** The page to return to after the {@code <noscript>} form: this request's path and query. */
    private static String returnPath(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }

    /**
     * {@code s} escaped for HTML text and quoted attribute values ({@code < > & " '}), as every tag here is written:
     * for app templates that render consent texts next to these tags.
     */
    public static String escape(String s) {
        int first = 0;
        while (first < s.length() && !needsEscape(s.charAt(first))) {
            first++;
        }
        if (first == s.length()) {
            return s; // the usual case (names, hosts, URLs): no copy
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean needsEscape(char c) {
        return c == '<' || c == '>' || c == '&' || c == '"' || c == '\'';
    }
}
