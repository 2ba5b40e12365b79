package dev.consentgate.demo;

import static dev.consentgate.servlet.ConsentTags.escape;

import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.servlet.ConsentGate;
import dev.consentgate.servlet.ConsentTags;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/** The demo site's HTML: a fictional certificate authority, Lumen Trust. */
final class Pages {

    /** The stand-ins for vendor tags, served by {@link SiteServlet} from the demo's own origin. */
    static final String ANALYTICS_TAG = "/assets/analytics-tag.js";
    static final String ADS_TAG = "/assets/ads-tag.js";
    static final String AD_PIXEL = "/assets/ad-pixel.gif";
    private static final String ANALYTICS_INLINE = "window.dataLayer = window.dataLayer || [];"
            + " window.dataLayer.push(['config', 'G-DEMO']);"
            + " window.lumenTags = window.lumenTags || {}; window.lumenTags.analyticsInline = true;";
    private static final String PREFERENCES_INLINE = "window.lumenTags = window.lumenTags || {};"
            + " window.lumenTags.preferences = true;";

    // The layout around a page's title and body, in the order it is written.
    private static final String HEAD_START = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\
            """;
    private static final String HEAD_END = """
             · Lumen Trust</title>
            <style>
            body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d2733}
            header a,footer a{margin-right:1rem} footer{margin-top:3rem;border-top:1px solid #ccd;padding-top:1rem}
            fieldset{border:1px solid #ccd;padding:1rem} button{margin:.25rem .5rem .25rem 0;padding:.4rem .9rem}
            table{border-collapse:collapse} td,th{border:1px solid #ccd;padding:.3rem .6rem;text-align:left;
            vertical-align:top}
            </style>
            </head>
            <body>
            <header><strong>Lumen Trust</strong> — certificates you can rely on
            <nav><a href="/">Home</a><a href="/privacy">Privacy policy</a></nav></header>
            <main>
            """;
    private static final String FOOT_START = "\n</main>\n<footer>";
    private static final String FOOT_END = "\n<a href=\"/privacy\">Privacy policy</a> © Lumen Trust Ltd"
            + " (a fictional company)</footer>\n";
    private static final String PAGE_END = "</body>\n</html>\n";

    private Pages() {
    }

    /**
     * A page: the banner and the "Cookie settings" link when the consent filter runs (on every page, so that
     * withdrawing is always one click away).
     */
    static String layout(HttpServletRequest req, String title, String body) {
        boolean filtered = req.getAttribute(ConsentGate.ATTRIBUTE) != null;
        // Concatenated, not String.formatted: Formatter parses the template on every page view, which showed in
        // the demo's profile under load.
        return HEAD_START + escape(title) + HEAD_END + body + FOOT_START
                + (filtered ? ConsentTags.settingsLink(req) : "") + FOOT_END + ConsentTags.banner(req) + PAGE_END;
    }

    static String home(HttpServletRequest req, Optional<ConsentState> consent, Optional<ConsentPolicy> policy) {
        StringBuilder body = new StringBuilder("""
                <h1>TLS certificates, issued in minutes</h1>
                <p>Lumen Trust issues domain-validated, organisation-validated and extended-validation certificates
                for websites, mail servers and code signing. Automate renewals over ACME, or talk to our team about
                a private PKI.</p>
                <ul><li>DV certificates from €0 with ACME</li><li>OV and EV certificates with 24/7 support</li>
                <li>Certificate transparency monitoring for your domains</li></ul>
                """);
        body.append("<section id=\"cookie-settings\"><h2>Your cookie choice</h2>");
        if (consent.isEmpty() || policy.isEmpty()) {
            body.append("<p>This instance runs without the consent filter (baseline mode): every cookie is set and"
                    + " every tag runs.</p>");
            body.append("<script src=\"").append(ANALYTICS_TAG).append("\"></script>\n<script>")
                    .append(ANALYTICS_INLINE).append("</script>\n<script src=\"").append(ADS_TAG)
                    .append("\"></script>\n<img src=\"").append(AD_PIXEL).append("\" alt=\"\">\n<script>")
                    .append(PREFERENCES_INLINE).append("</script>\n");
        } else {
            ConsentState state = consent.get();
            body.append("<p id=\"consent-state\">").append(state.isDecided()
                    ? "You allowed: " + escape(String.join(", ", state.granted()))
                    : "You have not made a choice yet, so only strictly necessary cookies are used.").append("</p>");
            body.append("<p>Change or withdraw it at any time: ").append(ConsentTags.settingsLink(req))
                    .append(".</p>\n");
            // Our analytics and ad tags, rendered by the filter's helper: inert until their category is granted.
            body.append(ConsentTags.script(req, "analytics", ANALYTICS_TAG)).append('\n')
                    .append(ConsentTags.inlineScript(req, "analytics", ANALYTICS_INLINE)).append('\n')
                    .append(ConsentTags.script(req, "advertising", ADS_TAG)).append('\n')
                    .append(ConsentTags.image(req, "advertising", AD_PIXEL, "")).append('\n')
                    .append(ConsentTags.inlineScript(req, "preferences", PREFERENCES_INLINE)).append('\n');
        }
        body.append("</section>");
        return layout(req, "Home", body.toString());
    }

}
