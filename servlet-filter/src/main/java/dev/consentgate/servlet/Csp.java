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
import java.util.concurrent.ConcurrentHashMap;

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
    /** Most distinct granted-category sets whose header is kept; 2^8 covers every set of eight categories. */
    private static final int MAX_TEMPLATES = 256;
    private static final String NONCE_MARK = "\u0000nonce\u0000";
    // A nonce per response: DRBG (NIST SP 800-90A) works in memory once seeded, one per thread so no lock is shared;
    // the default NativePRNG reads /dev/urandom under one lock on every call.
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Csp::newRandom);

    /** The header for each granted set, split where the nonce goes: the same few sets come back on every request. */
    private final Map<Set<String>, String[]> templates = new ConcurrentHashMap<>();

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
        RANDOM.get().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
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
        Set<String> granted = state.granted();
        String[] parts = templates.get(granted);
        if (parts == null) {
            parts = build(state).split(NONCE_MARK, -1);
            if (templates.size() < MAX_TEMPLATES) {
                templates.putIfAbsent(granted, parts);
            }
        }
        if (parts.length == 1) {
            return parts[0];
        }
        StringBuilder header = new StringBuilder(parts[0].length() * 2);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                header.append(nonce);
            }
            header.append(parts[i]);
        }
        return header.toString();
    }

    /** The header for {@code state} with {@link #NONCE_MARK} where the nonce goes. */
    private String build(ConsentState state) {
        String nonce = NONCE_MARK;
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
