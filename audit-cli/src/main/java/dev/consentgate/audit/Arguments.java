package dev.consentgate.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One command's arguments: its positional arguments (the log's location first) and its options, each of which takes
 * a value ({@code --from 2026-11-25} or {@code --from=2026-11-25}).
 *
 * @param command    the command's name, for messages
 * @param positional the positional arguments, exactly as many as the command takes
 * @param options    option name ({@code --from}) to its value
 */
record Arguments(String command, List<String> positional, Map<String, String> options) {

    Arguments {
        positional = List.copyOf(positional);
        options = Map.copyOf(options);
    }

    /**
     * Parses {@code args} for {@code command}.
     *
     * @param positionals how many positional arguments it takes; the first is the log's location
     * @param allowed     the options it takes, to what each one's value is (for messages)
     */
    static Arguments parse(String command, String[] args, int positionals, Map<String, String> allowed)
            throws UsageException {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("-") && arg.length() > 1) {
                int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
                String name = eq < 0 ? arg : arg.substring(0, eq);
                if (!allowed.containsKey(name)) {
                    throw new UsageException("unknown option '" + Fields.printable(name) + "' for " + command
                            + (allowed.isEmpty() ? ": it takes none" : ": expected " + list(allowed)));
                }
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException(name + " needs a value: " + allowed.get(name));
                }
                if (options.put(name, value) != null) {
                    throw new UsageException(name + " is given twice");
                }
            } else if (positional.size() < positionals) {
                positional.add(arg);
            } else {
                throw new UsageException("unexpected argument '" + Fields.printable(arg) + "' for " + command);
            }
        }
        if (positional.isEmpty()) {
            throw new UsageException(command + " needs the log's location: a directory, a segment file or a JDBC URL");
        }
        if (positional.get(0).isEmpty()) {
            throw new UsageException("the log's location must not be empty");
        }
        if (positional.size() < positionals) {
            throw new UsageException(command + " needs " + (positionals - 1) + " more argument(s) after the log's"
                    + " location");
        }
        return new Arguments(command, positional, options);
    }

    /** The log's location. */
    String location() {
        return positional.get(0);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** The {@code --from} / {@code --to} range. */
    TimeRange range() throws UsageException {
        return TimeRange.parse(option("--from"), option("--to"));
    }

    private static String list(Map<String, String> allowed) {
        List<String> names = allowed.keySet().stream().sorted().toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
