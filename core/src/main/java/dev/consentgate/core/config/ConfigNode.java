package dev.consentgate.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One value of a parsed configuration file with its JSON path, so that every error names the field it is about.
 * Typed reads fail with a {@link ConfigException} saying what was expected and what was found.
 */
final class ConfigNode {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private final String source;
    private final String path;
    private final JsonNode node;

    private ConfigNode(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node;
    }

    static ConfigNode root(String source, JsonNode node) {
        return new ConfigNode(source, "$", node);
    }

    /** The path of {@code key} in the object at {@code parent}: {@code $.a.b}, or {@code $['a b']} when needed. */
    static String childPath(String parent, String key) {
        if (IDENTIFIER.matcher(key).matches()) {
            return parent + "." + key;
        }
        return parent + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    static String indexPath(String parent, int index) {
        return parent + "[" + index + "]";
    }

    String path() {
        return path;
    }

    /**
     * Checks that this is an object holding no key besides {@code allowed}.
     *
     * @return this, for chaining
     */
    ConfigNode object(List<String> allowed) {
        expect(node.isObject(), "an object");
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ConfigException(source, childPath(path, name), "unknown key '" + name
                        + "', expected one of " + allowed, null);
            }
        }
        return this;
    }

    /** The value of {@code key} in this object, when present (a JSON {@code null} is present). */
    Optional<ConfigNode> field(String key) {
        JsonNode child = node.get(key);
        return child == null ? Optional.empty() : Optional.of(new ConfigNode(source, childPath(path, key), child));
    }

    /** The value of {@code key} in this object, which must be present. */
    ConfigNode requiredField(String key) {
        return field(key).orElseThrow(() -> error("missing required key '" + key + "'"));
    }

    String text() {
        expect(node.isTextual(), "a string");
        return node.textValue();
    }

    boolean booleanValue() {
        expect(node.isBoolean(), "a boolean");
        return node.booleanValue();
    }

    int intValue() {
        expect(node.isNumber(), "an integer");
        if (!node.isIntegralNumber()) {
            throw error("expected an integer, got " + node.asText());
        }
        if (!node.canConvertToInt()) {
            throw error("expected an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", got "
                    + node.asText());
        }
        return node.intValue();
    }

    List<ConfigNode> elements() {
        expect(node.isArray(), "an array");
        List<ConfigNode> elements = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            elements.add(new ConfigNode(source, indexPath(path, i), node.get(i)));
        }
        return elements;
    }

    /** The members of this object, in file order, for objects whose keys are names of the user's choosing. */
    Map<String, ConfigNode> members() {
        expect(node.isObject(), "an object");
        Map<String, ConfigNode> members = new LinkedHashMap<>();
        node.properties().forEach(e -> members.put(e.getKey(),
                new ConfigNode(source, childPath(path, e.getKey()), e.getValue())));
        return members;
    }

    /**
     * Sets this array of strings through a builder setter that replaces the whole list: each entry is first set
     * alone, so a bad entry's error names its own path ({@code $.cookieDomains[2]}), then the list as a whole.
     */
    void eachText(Function<List<String>, ?> setter) {
        List<String> all = new ArrayList<>();
        for (ConfigNode entry : elements()) {
            String value = entry.text();
            entry.apply(() -> setter.apply(List.of(value)));
            all.add(value);
        }
        apply(() -> setter.apply(all));
    }

    /** The strings of this array, each checked by {@link #text()}. */
    List<String> texts() {
        return elements().stream().map(ConfigNode::text).toList();
    }

    /** The constant whose JSON name is this string. */
    <E extends Enum<E>> E oneOf(E[] constants, Function<E, String> jsonName) {
        String value = text();
        return Arrays.stream(constants)
                .filter(c -> jsonName.apply(c).equals(value))
                .findFirst()
                .orElseThrow(() -> error("expected one of " + Arrays.stream(constants).map(jsonName).toList()
                        + ", got '" + value + "'"));
    }

    /** Runs a builder call for this field; its {@link IllegalArgumentException} becomes an error at this path. */
    <T> T apply(Supplier<T> builderCall) {
        try {
            return builderCall.get();
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage() == null ? "invalid value" : e.getMessage(), e);
        }
    }

    ConfigException error(String problem) {
        return error(problem, null);
    }

    ConfigException error(String problem, Throwable cause) {
        return new ConfigException(source, path, problem, cause);
    }

    private void expect(boolean ok, String expected) {
        if (!ok) {
            throw error("expected " + expected + ", got " + describe(node));
        }
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
