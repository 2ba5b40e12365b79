package dev.consentgate.demo;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The demo's command line: {@code [--port N] [--data-dir DIR] [--config FILE] [--no-consent-filter]}.
 *
 * @param port          TCP port, 0 for any free one
 * @param dataDir       where the demo keeps its signing secret and data
 * @param config        a JSON configuration to use instead of the bundled one
 * @param consentFilter false to run the same site without the filter, as a baseline
 */
record DemoOptions(int port, Path dataDir, Optional<Path> config, boolean consentFilter) {

    static final String USAGE = "usage: java -jar consentgate-demo.jar [--port N] [--data-dir DIR] [--config FILE]"
            + " [--no-consent-filter]\n       java -jar consentgate-demo.jar --validate FILE";

    static DemoOptions parse(String... args) {
        int port = 8080;
        Path dataDir = Path.of("consentgate-data");
        Optional<Path> config = Optional.empty();
        boolean filter = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = port(value(args, ++i, "--port"));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "--config" -> config = Optional.of(Path.of(value(args, ++i, "--config")));
                case "--no-consent-filter" -> filter = false;
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        return new DemoOptions(port, dataDir, config, filter);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--port must be a number from 0 to 65535, got '" + value + "'");
    }
}
