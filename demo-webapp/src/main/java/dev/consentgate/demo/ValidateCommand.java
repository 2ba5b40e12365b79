package dev.consentgate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consentgate.core.config.ConfigException;
import dev.consentgate.core.config.ConfigLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar consentgate-demo.jar --validate FILE}: loads a configuration file as the filter would and prints
 * {@code FILE: valid}, or each problem with its JSON path ({@code FILE: $.categories[1].id: ...}). Exit status 0 when
 * valid, 1 when invalid, 2 for a usage error.
 *
 * <p>The loader stops at a file's first problem, so to find the next ones the command sets the faulty member aside
 * and loads the rest again, until the rest is valid or a problem has no single member to set aside (malformed JSON,
 * a rule across members). A problem found after setting a member aside can be a consequence of that (a category set
 * aside is then unknown to a mapping that names it).
 */
final class ValidateCommand {

    static final String OPTION = "--validate";
    static final String USAGE = "usage: java -jar consentgate-demo.jar --validate FILE";
    private static final int MAX_PROBLEMS = 100;
    // .name | ['quoted name'] | [index], as ConfigNode writes paths
    private static final Pattern STEP = Pattern.compile(
            "\\.([A-Za-z0-9_$-]+)|\\['((?:[^'\\\\]|\\\\.)*)'\\]|\\[(\\d+)\\]");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ValidateCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 || !OPTION.equals(args[0])) {
            err.println(USAGE);
            return 2;
        }
        Path file = Path.of(args[1]);
        ConfigException first;
        try {
            ConfigLoader.load(file);
            out.println(file + ": valid");
            return 0;
        } catch (ConfigException e) {
            first = e;
        }
        out.println(first.getMessage());
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (IOException e) {
            return 1; // not JSON at all: the loader's message said where
        }
        Set<String> setAside = new HashSet<>();
        Optional<String> path = first.jsonPath();
        for (int n = 1; n < MAX_PROBLEMS && path.isPresent() && setAside.add(path.get()) && remove(tree,
                path.get()); n++) {
            try {
                ConfigLoader.load(new ByteArrayInputStream(JSON.writeValueAsBytes(tree)), file.toString());
                return 1;
            } catch (ConfigException e) {
                out.println(e.getMessage());
                path = e.jsonPath();
            } catch (IOException e) {
                return 1;
            }
        }
        return 1;
    }

    /** Removes the member a JSON path such as {@code $.categories[1]['a b']} names; false when it cannot. */
    static boolean remove(JsonNode root, String path) {
        if (!path.startsWith("$")) {
            return false;
        }
        List<Object> steps = new ArrayList<>();
        Matcher m = STEP.matcher(path);
        int at = 1;
        while (at < path.length()) {
            if (!m.find(at) || m.start() != at) {
                return false;
            }
            if (m.group(1) != null) {
                steps.add(m.group(1));
            } else if (m.group(2) != null) {
                steps.add(m.group(2).replace("\\'", "'").replace("\\\\", "\\"));
            } else {
                steps.add(Integer.parseInt(m.group(3)));
            }
            at = m.end();
        }
        if (steps.isEmpty()) {
            return false;
        }
        JsonNode parent = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            parent = steps.get(i) instanceof Integer index ? parent.path(index) : parent.path((String) steps.get(i));
        }
        Object last = steps.get(steps.size() - 1);
        if (last instanceof Integer index && parent instanceof ArrayNode array && index < array.size()) {
            array.remove(index);
            return true;
        }
        if (last instanceof String name && parent instanceof ObjectNode object && object.has(name)) {
            object.remove(name);
            return true;
        }
        return false;
    }
}
