package dev.consentgate.core.log;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The child process of {@link FileConsentLogCrashTest}: appends records from several threads and prints
 * {@code ack <consentId>} for each one only after {@code append} returned, until it is killed.
 */
public final class KillTestWriter {

    private KillTestWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int total = Integer.parseInt(args[1]);
        int threads = 8;
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        try (FileConsentLog log = FileConsentLog.builder(dir).auditKey(Optional.of(LogFixtures.KEY)).open()) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                Thread w = new Thread(() -> {
                    for (int i = first; i < total; i += threads) {
                        try {
                            ConsentRecord r = log.append(LogFixtures.entry(i));
                            synchronized (out) {
                                out.println("ack " + r.consentId());
                                out.flush();
                            }
                        } catch (Exception e) {
                            synchronized (out) {
                                out.println("error " + e.getMessage());
                                out.flush();
                            }
                        }
                    }
                });
                w.start();
                workers.add(w);
            }
            for (Thread w : workers) {
                w.join();
            }
        }
        out.println("done");
        out.flush();
    }
}
