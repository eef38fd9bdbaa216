package dev.replenish.local.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The process's resident memory as Linux counts it (/proc/self/status): JVM heap plus the native
 * memory of DuckDB, Spark's off-heap buffers and XGBoost's matrices, which the JVM's own counters
 * do not see. Elsewhere every figure is empty rather than a guess.
 */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ProcessMemory() {
    }

    /** Peak resident set size (VmHWM) since the process started or since the last {@link #resetPeak()}. */
    public static OptionalLong peakBytes() {
        return field("VmHWM:");
    }

    /** Resident set size now (VmRSS). */
    public static OptionalLong residentBytes() {
        return field("VmRSS:");
    }

    /**
     * Starts a new peak: writing 5 to clear_refs sets VmHWM to the current RSS (Linux 4.0+), so the
     * next {@link #peakBytes()} is the peak of what ran in between. Returns false where that is not
     * possible; the peak is then the process's peak so far.
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1024.0 / 1024.0 / 1024.0);
    }

    /** For step output: "4.25 GB (process peak RSS)" or "n/a". */
    public static String describePeak() {
        OptionalLong peak = peakBytes();
        return peak.isPresent() ? gigabytes(peak.getAsLong()) + " (process peak RSS)" : "n/a";
    }

    private static OptionalLong field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or no procfs: report nothing rather than guess.
        }
        return OptionalLong.empty();
    }
}
