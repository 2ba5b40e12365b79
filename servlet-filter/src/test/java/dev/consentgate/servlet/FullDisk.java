package dev.consentgate.servlet;

import static org.assertj.core.api.Assertions.fail;

import dev.consentgate.core.log.ConsentLogStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A disk that fills up on demand: a 64 KiB tmpfs mounted for the test when it runs as root, else (a developer's
 * machine) a store wrapper that throws what the kernel would. Under {@code CI=true} the real tmpfs is required.
 */
final class FullDisk implements AutoCloseable {

    /** Where to put the store: the tmpfs, or a plain directory when simulated. */
    final Path dir;
    final boolean real;
    private volatile boolean full;

    private FullDisk(Path dir, boolean real) {
        this.dir = dir;
        this.real = real;
    }

    static FullDisk at(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String problem = run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir.toString());
        if (problem == null) {
            return new FullDisk(dir, true);
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true needs a real tmpfs for the disk-full test (run as root): " + problem);
        }
        System.err.println("no tmpfs (" + problem + "): simulating a full disk in the store instead");
        return new FullDisk(dir, false);
    }

    /** Fills every byte of the tmpfs, or makes the wrapped store fail. */
    void fill() throws IOException {
        full = true;
        if (!real) {
            return;
        }
        byte[] page = new byte[4_096];
        try (OutputStream out = Files.newOutputStream(dir.resolve("filler"))) {
            while (true) {
                out.write(page);
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    void free() throws IOException {
        full = false;
        if (real) {
            Files.delete(dir.resolve("filler"));
        }
    }

    /** {@code store} as this disk leaves it: failing while full when the disk is simulated. */
    ConsentLogStore wrap(ConsentLogStore store) {
        return real ? store : entry -> {
            if (full) {
                throw new IOException("No space left on device");
            }
            store.keep(entry);
        };
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (real) {
            String problem = run("umount", dir.toString());
            if (problem != null) {
                throw new IOException("cannot unmount " + dir + ": " + problem);
            }
        }
    }

    /** Runs a command; answers null when it succeeded, else what went wrong. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(p.getInputStream().readAllBytes()).strip();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + output;
    }
}
