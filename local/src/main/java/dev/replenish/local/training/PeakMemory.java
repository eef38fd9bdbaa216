package dev.replenish.local.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The process's peak resident memory so far (Linux's VmHWM): JVM heap plus XGBoost's native
 * matrices, which the JVM's own counters do not see.
 */
final class PeakMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakMemory() {
    }

    static String describe() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.2f GB (process peak RSS)", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or no procfs: say so rather than guess.
        }
        return "n/a";
    }
}
