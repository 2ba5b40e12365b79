package dev.consentgate.audit;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Map;

/**
 * The auditor's command line for a consent log: {@code verify}, {@code show}, {@code export} and {@code stats}.
 * Every command takes the log's location first: the file store's directory, one of its segment files, or a JDBC URL.
 *
 * <p>Exit codes: {@value #OK} fine, {@value #NOT_INTACT} the log does not verify, {@value #USAGE} a usage or I/O
 * error (a missing file, a file that is not a consent log, a bad date or option). User errors are one line on
 * stderr, never a stack trace. Command output goes to stdout; progress and errors to stderr.
 *
 * <p>Each call of {@link #run} is independent; the class holds no state.
 */
public final class AuditCli {

    /** Exit code: done, and for {@code verify}, the log is intact. */
    public static final int OK = 0;
    /** Exit code: {@code verify} found a record that was edited, removed, inserted, reordered or cut off. */
    public static final int NOT_INTACT = 1;
    /** Exit code: bad usage, or the log could not be read. */
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: java -jar consentgate-audit.jar <command> <log> [options]

            <log> is the consent log's directory, one of its segment files, or a
            JDBC URL.

            commands:
              verify <log>             walk the hash chain; exit 1 naming the first
                                       record edited, removed, inserted, reordered
                                       or cut off
              show <log> <consentId>   the full history of one consent ID
              export <log> --format csv|json [--from T] [--to T] [--output FILE]
                                       the records, for spreadsheets (csv) and
                                       other tools (json: JSON Lines)
              stats <log> [--from T] [--to T] [--chart FILE.svg]
                                       decisions per day, action shares, how often
                                       each category is granted; --chart draws
                                       them as a self-contained SVG

            --from is inclusive, --to exclusive; T is an ISO-8601 instant
            (2026-11-25T10:00:00Z) or a date (2026-11-25: that day's start, UTC).
            show, export and stats read the log without verifying it.

            environment:
              CONSENTGATE_AUDIT_KEY    the audit key (base64): verify then checks
                                       every record's and the head's MAC

            exit codes: 0 fine, 1 verification failed, 2 usage or I/O error
            """;

    private AuditCli() {
    }

    /** Runs one command and exits with its code. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        int code = run(args, out, System.err, System.getenv(), System.console() != null);
        // PrintStream swallows write errors: a full disk or a closed pipe must not pass for a complete output
        if (out.checkError() && code == OK) {
            System.err.println("error: could not write all output to stdout");
            code = USAGE;
        }
        System.exit(code);
    }

    /**
     * Runs one command.
     *
     * @param args the command line
     * @param out  where the command's output goes
     * @param err  where progress and errors go
     * @param env  the environment ({@code CONSENTGATE_AUDIT_KEY})
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, out, err, env, false);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
        if (args.length == 0) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")
                || command.equals("--help") || command.equals("-h") || command.equals("help")) {
            out.print(USAGE_TEXT);
            return OK;
        }
        try {
            return switch (command) {
                case "verify" -> new VerifyCommand(Arguments.parse(command, rest, 1, Map.of()), env,
                        new Progress(err, terminal, Progress.EVERY)).run(out);
                case "show" -> new ShowCommand(Arguments.parse(command, rest, 2, Map.of())).run(out);
                case "export" -> new ExportCommand(Arguments.parse(command, rest, 1, ExportCommand.OPTIONS)).run(out);
                case "stats" -> new StatsCommand(Arguments.parse(command, rest, 1, StatsCommand.OPTIONS)).run(out);
                default -> throw new UsageException("unknown command '" + Fields.printable(command)
                        + "': expected verify, show, export or stats");
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            if (e.pointsToUsage()) {
                err.println("run with --help for usage");
            }
            return USAGE;
        } catch (IOException e) {
            err.println("error: " + describe(e));
            return USAGE;
        } catch (UncheckedIOException e) {
            err.println("error: " + describe(e.getCause()));
            return USAGE;
        } catch (InvalidPathException e) {
            err.println("error: '" + Fields.printable(e.getInput()) + "' is not a valid path: " + e.getReason());
            return USAGE;
        }
    }

    /** One line for an I/O error: java.nio's own messages are sometimes only a path. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException n && n.getReason() == null) {
            return n.getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException a && a.getReason() == null) {
            return a.getFile() + ": permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
