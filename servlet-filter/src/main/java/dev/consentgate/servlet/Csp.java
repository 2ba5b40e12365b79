package dev.consentgate.servlet;

import dev.consentgate.core.config.ConsentGateConfig;
import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.csp.CspConfig;
import dev.consentgate.core.csp.CspMode;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Content-Security-Policy of one response: the configured baseline, plus in {@code script-src},
 * {@code connect-src}, {@code img-src} and {@code frame-src} the hosts of each category the visitor granted, plus
 * in {@code script-src} a fresh nonce for the banner and the gated inline scripts. A host directive missing from
 * the baseline starts from its {@code default-src}, else from {@code 'self'}, so adding hosts never loosens it; a
 * {@code script-src-elem} in the baseline gets what {@code script-src} gets, since browsers read it first for
 * script elements. Thread-safe.
 */
final class Csp {

    private static final String SCRIPT_SRC_ELEM = "script-src-elem";
    private static final String NONE = "'none'";
    private static final int NONCE_BYTES = 16;

    private final CspMode mode;
    private final Map<String, List<String>> baseline;
    private final ConsentPolicy policy;
    private final SecureRandom random = new SecureRandom();

    Csp(ConsentGateConfig config) {
        CspConfig csp = config.csp();
        this.mode = csp.mode();
        Map<String, List<String>> b = new LinkedHashMap<>(csp.baseline());
        List<String> fallback = b.getOrDefault("default-src", List.of("'self'"));
        for (String directive : CspConfig.HOST_DIRECTIVES) {
            b.putIfAbsent(directive, fallback);
        }
        this.baseline = b;
        this.policy = config.policy();
    }

    CspMode mode() {
        return mode;
    }

    /** 128 random bits, base64: a CSP nonce (CSP3 §2.3.1 base64-value). */
    String nonce() {
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The hosts of the categories {@code state} grants, in policy order. */
    static List<String> grantedHosts(ConsentPolicy policy, ConsentState state) {
        Set<String> hosts = new LinkedHashSet<>();
        for (ConsentCategory c : policy.categories()) {
            if (c.isNecessary() || state.isGranted(c.id())) {
                hosts.addAll(c.hosts());
            }
        }
        return List.copyOf(hosts);
    }

    /** The header value for a visitor in {@code state}, with {@code nonce} in the script directives. */
    String header(ConsentState state, String nonce) {
        List<String> hosts = grantedHosts(policy, state);
        StringBuilder header = new StringBuilder(256);
        for (Map.Entry<String, List<String>> d : baseline.entrySet()) {
            String name = d.getKey();
            boolean script = name.equals(CspConfig.SCRIPT_SRC) || name.equals(SCRIPT_SRC_ELEM);
            List<String> more = new ArrayList<>();
            if (script) {
                more.add("'nonce-" + nonce + "'");
            }
            if (script || CspConfig.HOST_DIRECTIVES.contains(name)) {
                more.addAll(hosts);
            }
            Set<String> sources = new LinkedHashSet<>(d.getValue());
            if (!more.isEmpty()) {
                sources.remove(NONE);
                sources.addAll(more);
            }
            if (header.length() > 0) {
                header.append("; ");
            }
            header.append(name);
            for (String source : sources) {
                header.append(' ').append(source);
            }
        }
        return header.toString();
    }
}
