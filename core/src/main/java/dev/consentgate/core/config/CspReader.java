package dev.consentgate.core.config;

import dev.consentgate.core.csp.CspConfig;
import dev.consentgate.core.csp.CspMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code csp} object of a configuration file into {@link CspConfig#builder()}. */
final class CspReader {

    static final List<String> KEYS = List.of("mode", "baseline");

    private CspReader() {
    }

    static CspConfig read(ConfigNode node) {
        node.object(KEYS);
        CspConfig.Builder csp = CspConfig.builder();
        node.field("mode").ifPresent(n -> csp.mode(n.oneOf(CspMode.values(), CspMode::jsonName)));
        node.field("baseline").ifPresent(baseline -> {
            Map<String, List<String>> directives = new LinkedHashMap<>();
            baseline.members().forEach((name, sources) -> {
                List<String> values = sources.texts();
                // Checked alone first, so that an error names the directive's path.
                sources.apply(() -> CspConfig.builder().directive(name, values));
                directives.put(name, values);
            });
            csp.baseline(directives);
        });
        return csp.build();
    }
}
