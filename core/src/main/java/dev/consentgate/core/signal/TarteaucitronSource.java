package dev.consentgate.core.signal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads tarteaucitron's cookie: {@code !service=state} entries, such as {@code !gtag=true!facebook=false!youtube=wait},
 * where {@code true} is consent and {@code false} or {@code wait} (not asked yet) is not. Any other entry makes the
 * whole value no decision. Immutable and thread-safe.
 */
final class TarteaucitronSource implements ConsentSource {

    private static final int MAX_SERVICES = 128;

    private final String cookieName;
    private final CategoryMapping mapping;

    TarteaucitronSource(String cookieName, CategoryMapping mapping) {
        this.cookieName = cookieName;
        this.mapping = mapping;
    }

    @Override
    public Optional<SignalDecision> decide(SignalRequest request) {
        return CookieValues.single(request, cookieName).flatMap(v -> CookieValues.percentDecode(v, false))
                .flatMap(TarteaucitronSource::consents).map(mapping::decide);
    }

    private static Optional<Map<String, Boolean>> consents(String value) {
        if (!value.startsWith("!")) {
            return Optional.empty();
        }
        String[] entries = value.substring(1).split("!", -1);
        if (entries.length > MAX_SERVICES) {
            return Optional.empty();
        }
        Map<String, Boolean> consents = new HashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq > 64) {
                return Optional.empty();
            }
            String state = entry.substring(eq + 1);
            if (!(state.equals("true") || state.equals("false") || state.equals("wait"))
                    || consents.put(entry.substring(0, eq), state.equals("true")) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(consents);
    }
}
