package dev.consentgate.demo;

import dev.consentgate.core.config.ConfigException;
import dev.consentgate.core.config.ConfigLoader;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code java -jar consentgate-demo.jar --validate FILE}: loads a configuration file as the filter would and prints
 * {@code FILE: valid}, or the problem with its JSON path ({@code FILE: $.categories[1].id: ...}). The loader stops
 * at the first problem, so one problem is printed per run. Exit status 0 when valid, 1 when invalid, 2 for a usage
 * error.
 */
final class ValidateCommand {

    static final String OPTION = "--validate";
    static final String USAGE = "usage: java -jar consentgate-demo.jar --validate FILE";

    private ValidateCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 || !OPTION.equals(args[0])) {
            err.println(USAGE);
            return 2;
        }
        Path file = Path.of(args[1]);
        try {
            ConfigLoader.load(file);
        } catch (ConfigException e) {
            out.println(e.getMessage());
            return 1;
        }
        out.println(file + ": valid");
        return 0;
    }
}
