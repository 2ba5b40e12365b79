package dev.consentgate.demo;

import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import java.util.Optional;

/** The demo site's HTML: a fictional certificate authority, Lumen Trust. */
final class Pages {

    private Pages() {
    }

    static String layout(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Lumen Trust</title>
                <style>
                body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d2733}
                header a,footer a{margin-right:1rem} footer{margin-top:3rem;border-top:1px solid #ccd;padding-top:1rem}
                fieldset{border:1px solid #ccd;padding:1rem} button{margin:.25rem .5rem .25rem 0;padding:.4rem .9rem}
                table{border-collapse:collapse} td,th{border:1px solid #ccd;padding:.3rem .6rem;text-align:left}
                </style>
                </head>
                <body>
                <header><strong>Lumen Trust</strong> — certificates you can rely on
                <nav><a href="/">Home</a><a href="/privacy">Privacy policy</a></nav></header>
                <main>
                %s
                </main>
                <footer><a href="/#cookie-settings" id="cookie-settings-link">Cookie settings</a>
                <a href="/privacy">Privacy policy</a> © Lumen Trust Ltd (a fictional company)</footer>
                </body>
                </html>
                """.formatted(escape(title), body);
    }

    static String home(Optional<ConsentState> consent, Optional<ConsentPolicy> policy) {
        StringBuilder body = new StringBuilder("""
                <h1>TLS certificates, issued in minutes</h1>
                <p>Lumen Trust issues domain-validated, organisation-validated and extended-validation certificates
                for websites, mail servers and code signing. Automate renewals over ACME, or talk to our team about
                a private PKI.</p>
                <ul><li>DV certificates from €0 with ACME</li><li>OV and EV certificates with 24/7 support</li>
                <li>Certificate transparency monitoring for your domains</li></ul>
                """);
        body.append("<section id=\"cookie-settings\"><h2>Cookie settings</h2>");
        if (consent.isEmpty() || policy.isEmpty()) {
            body.append("<p>This instance runs without the consent filter (baseline mode): every cookie is set.</p>");
        } else {
            ConsentState state = consent.get();
            body.append("<p id=\"consent-state\">").append(state.isDecided()
                    ? "You allowed: " + escape(String.join(", ", state.granted()))
                    : "You have not made a choice yet, so only strictly necessary cookies are used.").append("</p>");
            body.append("""
                    <form method="post" action="/consent">
                    <input type="hidden" name="return" value="/">
                    <button type="submit" name="action" value="accept-all">Accept all</button>
                    <button type="submit" name="action" value="reject-all">Reject all</button>
                    </form>
                    <form method="post" action="/consent"><fieldset><legend>Customise</legend>
                    <input type="hidden" name="return" value="/">
                    """);
            for (ConsentCategory c : policy.get().categories()) {
                boolean necessary = c.isNecessary();
                body.append("<label><input type=\"checkbox\" name=\"granted\" value=\"").append(escape(c.id()))
                        .append('"').append(state.isGranted(c.id()) ? " checked" : "")
                        .append(necessary ? " disabled" : "").append("> <strong>").append(escape(c.title()))
                        .append("</strong> — ").append(escape(c.description())).append("</label><br>\n");
            }
            body.append("<button type=\"submit\" name=\"action\" value=\"custom\">Save choices</button>")
                    .append("</fieldset></form>");
        }
        body.append("</section>");
        return layout("Home", body.toString());
    }

    static String privacy() {
        return layout("Privacy policy", """
                <h1>Privacy policy</h1>
                <p>Lumen Trust Ltd ("we") runs this website. This policy explains what we collect when you visit it
                and why.</p>
                <h2>What we collect</h2>
                <p>When you browse our site we collect, through cookies and server logs, your <strong>IP
                address</strong>, your <strong>browser type</strong>, the <strong>referral URL</strong> that brought
                you here and <strong>clickstream data</strong> (the pages you view and in which order). We use this
                to understand how the site is used and to improve it (analytics).</p>
                <p>We show advertising for our products on other websites through <strong>ad networks</strong>, which
                set their own cookies to measure which ads lead to visits (advertising).</p>
                <p>We remember your preferred language in a cookie (preferences).</p>
                <h2>Your choice</h2>
                <p>Analytics, advertising and preference cookies are only used if you allow them. Strictly necessary
                cookies — your session and your consent choice — are always used, because the site cannot work
                without them. You can change or withdraw your choice at any time under
                <a href="/#cookie-settings">Cookie settings</a>; withdrawing is as easy as consenting.</p>
                <h2>How long we keep it</h2>
                <p>Your consent choice is kept for up to 12 months, a refusal for 6 months; after that we ask
                again. We keep a record of each choice to be able to demonstrate consent.</p>
                <h2>Contact</h2>
                <p>privacy@lumen-trust.example</p>
                """);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
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
}
