package dev.consentgate.demo;

import static dev.consentgate.servlet.ConsentTags.escape;

import dev.consentgate.core.config.ConsentGateConfig;
import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.core.policy.CookieMatchers;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The demo's privacy policy. Its table of categories, cookies, third-party hosts and retention is made from the
 * configuration the filter enforces, so the policy cannot drift from what the site does.
 */
final class PrivacyPage {

    private PrivacyPage() {
    }

    static String render(HttpServletRequest req, Optional<ConsentGateConfig> config, Optional<ConsentState> consent) {
        StringBuilder body = new StringBuilder("""
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
                <h2>Cookies and the services that set them</h2>
                """);
        if (config.isEmpty() || consent.isEmpty()) {
            body.append("<p>This instance runs without the consent filter (baseline mode), so there is no"
                    + " configuration to list.</p>");
        } else {
            body.append(table(config.get(), consent.get()));
        }
        body.append("""
                <h2>Your choice</h2>
                <p>Analytics, advertising and preference cookies are only used if you allow them, and the services
                listed for a category may only load on our pages once you have allowed it. Strictly necessary
                cookies — your session and your consent choice — are always used, because the site cannot work
                without them. You can change or withdraw your choice at any time under "Cookie settings" at the
                bottom of every page; withdrawing is as easy as consenting.</p>
                <h2>How long we keep it</h2>
                <p>Your consent choice is kept for the time shown above; after that we ask again. We keep a record
                of each choice to be able to demonstrate consent.</p>
                <h2>Contact</h2>
                <p>privacy@lumen-trust.example</p>
                """);
        return Pages.layout(req, "Privacy policy", body.toString());
    }

    private static String table(ConsentGateConfig config, ConsentState state) {
        ConsentPolicy policy = config.policy();
        long accept = policy.acceptLifetime().toDays();
        long refusal = policy.refusalLifetime().toDays();
        StringBuilder t = new StringBuilder();
        t.append("<p id=\"your-choice\">").append(state.isDecided()
                ? "You made your choice on " + state.decidedAt().orElseThrow().toString().substring(0, 10)
                        + "; it holds until " + state.expiresAt().orElseThrow().toString().substring(0, 10) + "."
                : "You have not made a choice yet, so only strictly necessary cookies are used.").append("</p>\n");
        t.append("<table id=\"categories\"><thead><tr><th>Category</th><th>Purpose</th><th>Cookies</th>"
                + "<th>Third-party services</th><th>Kept for</th><th>Your choice</th></tr></thead><tbody>\n");
        for (ConsentCategory c : policy.categories()) {
            String cookies = list(names(c.cookies()));
            if (c.isNecessary()) {
                cookies = "<code>" + escape(config.cookieName()) + "</code> (your consent choice)<br><code>JSESSIONID"
                        + "</code> (session)" + (cookies.isEmpty() ? "" : "<br>" + cookies);
            }
            String kept = c.isNecessary()
                    ? "your choice: " + accept + " days (a refusal: " + refusal + " days); session: until you close"
                            + " the browser"
                    : "until you withdraw consent, at most " + accept + " days; we delete them on your next visit"
                            + " once consent ends";
            String choice = c.isNecessary() ? "Always on" : state.isGranted(c.id()) ? "Allowed" : "Not allowed";
            t.append("<tr data-category=\"").append(escape(c.id())).append("\"><td>").append(escape(c.title()))
                    .append("</td><td>").append(escape(c.description())).append("</td><td>")
                    .append(cookies).append("</td><td>")
                    .append(c.hosts().isEmpty() ? "none" : list(c.hosts())).append("</td><td>").append(escape(kept))
                    .append("</td><td class=\"choice\">").append(choice).append("</td></tr>\n");
        }
        return t.append("</tbody></table>\n").toString();
    }

    private static List<String> names(CookieMatchers m) {
        List<String> names = new ArrayList<>(m.names().stream().sorted().toList());
        m.prefixes().forEach(p -> names.add(p + "*"));
        m.patterns().stream().map(Pattern::pattern).forEach(p -> names.add("matching " + p));
        return names;
    }

    private static String list(List<String> items) {
        StringBuilder b = new StringBuilder();
        for (String item : items) {
            b.append(b.length() == 0 ? "" : "<br>").append("<code>").append(escape(item)).append("</code>");
        }
        return b.toString();
    }
}
