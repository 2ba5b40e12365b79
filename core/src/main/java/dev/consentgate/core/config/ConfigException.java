package dev.consentgate.core.config;

import java.util.Optional;

/**
 * A configuration that cannot be used: thrown at startup, naming the source, the JSON path of the bad field (when
 * there is one) and what was expected.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String jsonPath;

    /**
     * @param source   the file or resource, such as {@code /etc/app/consentgate.json}
     * @param jsonPath the JSON path of the bad field, such as {@code $.categories[1].cookies.patterns[0]}, or null
     * @param problem  what is wrong and what was expected, lower case
     */
    public ConfigException(String source, String jsonPath, String problem, Throwable cause) {
        super(source + (jsonPath == null ? "" : ": " + jsonPath) + ": " + problem, cause);
        this.source = source;
        this.jsonPath = jsonPath;
    }

    public String source() {
        return source;
    }

    /** JSON path of the bad field, when the problem is in one field. */
    public Optional<String> jsonPath() {
        return Optional.ofNullable(jsonPath);
    }
}
