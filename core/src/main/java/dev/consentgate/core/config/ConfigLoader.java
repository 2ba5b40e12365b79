package dev.consentgate.core.config;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads a {@link ConsentGateConfig} from one JSON file.
 *
 * <p>Skeleton: implemented by the configuration work.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Loads the configuration in {@code file}.
     *
     * @throws ConfigException naming the file, the JSON path of the bad field and what was expected
     */
    public static ConsentGateConfig load(Path file) {
        throw new UnsupportedOperationException();
    }

    /**
     * Loads the configuration in {@code json}; {@code sourceName} names it in error messages (a path or
     * {@code classpath:consentgate.json}).
     *
     * @throws ConfigException naming the source, the JSON path of the bad field and what was expected
     */
    public static ConsentGateConfig load(InputStream json, String sourceName) {
        throw new UnsupportedOperationException();
    }
}
