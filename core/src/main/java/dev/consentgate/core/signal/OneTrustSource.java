package dev.consentgate.core.signal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads OneTrust's {@code OptanonConsent} cookie: URL-encoded form fields such as
 * {@code isGpcEnabled=0&datestamp=…&version=202409.1.0&interactionCount=1&landingPath=NotLandingPage&}
 * {@code groups=C0001%3A1%2CC0002%3A0&AwaitingReconsent=false}.
 *
 * <p>OneTrust writes this cookie on the first page view, with its default groups, before the visitor chose anything;
 * so it counts only once the visitor interacted: the {@code OptanonAlertBoxClosed} cookie is present or
 * {@code interactionCount} is at least 1. {@code AwaitingReconsent=true} (OneTrust is about to ask again) is no
 * decision. Immutable and thread-safe.
 */
final class OneTrustSource implements ConsentSource {

    /** The cookie OneTrust sets when the visitor closes its banner. */
    static final String ALERT_BOX_CLOSED = "OptanonAlertBoxClosed";
    private static final int MAX_GROUPS = 64;

    private final String cookieName;
    private final CategoryMapping mapping;

    OneTrustSource(String cookieName, CategoryMapping mapping) {
        this.cookieName = cookieName;
        this.mapping = mapping;
    }

    @Override
    public Optional<SignalDecision> decide(SignalRequest request) {
        Optional<Map<String, String>> fields = CookieValues.single(request, cookieName).flatMap(OneTrustSource::form);
        if (fields.isEmpty() || "true".equals(fields.get().get("AwaitingReconsent"))) {
            return Optional.empty();
        }
        boolean interacted = request.hasCookie(ALERT_BOX_CLOSED)
                || fields.get().getOrDefault("interactionCount", "0").matches("[1-9][0-9]{0,8}");
        if (!interacted) {
            return Optional.empty();
        }
        String groups = fields.get().get("groups");
        return groups == null ? Optional.empty() : groups(groups).map(mapping::decide);
    }

    /** The form fields; a value encoded once more as a whole (some proxies do) is decoded first. */
    private static Optional<Map<String, String>> form(String value) {
        String text = value;
        if (!text.contains("=") && text.contains("%3D")) {
            Optional<String> decoded = CookieValues.percentDecode(text, false);
            if (decoded.isEmpty()) {
                return Optional.empty();
            }
            text = decoded.get();
        }
        Map<String, String> fields = new HashMap<>();
        for (String part : text.split("&", 64)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            Optional<String> v = CookieValues.percentDecode(part.substring(eq + 1), true);
            if (v.isEmpty() || fields.put(part.substring(0, eq), v.get()) != null) {
                return Optional.empty(); // a broken escape, or a field twice: which one counts is unclear
            }
        }
        return Optional.of(fields);
    }

    /** {@code C0001:1,C0002:0,…}; empty when any entry is malformed or a group appears twice. */
    private static Optional<Map<String, Boolean>> groups(String groups) {
        Map<String, Boolean> consents = new HashMap<>();
        if (groups.isEmpty()) {
            return Optional.of(consents);
        }
        String[] entries = groups.split(",", -1);
        if (entries.length > MAX_GROUPS) {
            return Optional.empty();
        }
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon > 32) {
                return Optional.empty();
            }
            String flag = entry.substring(colon + 1);
            if (!flag.equals("0") && !flag.equals("1")
                    || consents.put(entry.substring(0, colon), flag.equals("1")) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(consents);
    }
}
