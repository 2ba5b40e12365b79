package dev.consentgate.core.config;

import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.core.tracking.BrowserMode;
import dev.consentgate.core.tracking.ClientIpHeader;
import dev.consentgate.core.tracking.IpMode;
import dev.consentgate.core.tracking.ReferrerMode;
import dev.consentgate.core.tracking.TrackingConfig;
import dev.consentgate.core.tracking.TrackingField;
import java.util.Arrays;
import java.util.List;

/** Reads the {@code tracking} object of a configuration file into {@link TrackingConfig#builder()}. */
final class TrackingReader {

    static final List<String> KEYS = List.of("enabled", "skipPaths", "fields", "ip", "browser", "referrer",
            "clientIpHeader", "trustedProxies");
    static final List<String> FIELD_KEYS = Arrays.stream(TrackingField.values()).map(TrackingField::jsonName)
            .toList();

    private TrackingReader() {
    }

    static TrackingConfig read(ConfigNode node, ConsentPolicy policy) {
        node.object(KEYS);
        TrackingConfig.Builder tracking = TrackingConfig.builder();
        node.field("enabled").ifPresent(n -> tracking.enabled(n.booleanValue()));
        node.field("skipPaths").ifPresent(n -> n.eachText(tracking::skipPaths));
        node.field("fields").ifPresent(fields -> {
            fields.object(FIELD_KEYS);
            for (TrackingField field : TrackingField.values()) {
                fields.field(field.jsonName()).ifPresent(n -> {
                    String category = n.text();
                    n.apply(() -> tracking.field(field, category));
                    // The policy must define it: checked by the same builder that checks code.
                    n.apply(() -> ConsentGateConfig.builder().policy(policy).tracking(TrackingConfig.builder()
                            .field(field, category).build()).build());
                });
            }
        });
        node.field("ip").ifPresent(n -> tracking.ip(n.oneOf(IpMode.values(), IpMode::jsonName)));
        node.field("browser").ifPresent(n -> tracking.browser(n.oneOf(BrowserMode.values(), BrowserMode::jsonName)));
        node.field("referrer").ifPresent(n -> tracking.referrer(
                n.oneOf(ReferrerMode.values(), ReferrerMode::jsonName)));
        node.field("clientIpHeader").ifPresent(n -> tracking.clientIpHeader(
                n.oneOf(ClientIpHeader.values(), ClientIpHeader::jsonName)));
        node.field("trustedProxies").ifPresent(n -> n.eachText(tracking::trustedProxies));
        return tracking.build();
    }

}
