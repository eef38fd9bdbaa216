package dev.replenish.local.sql;

/**
 * How much of the machine DuckDB may use.
 *
 * @param threads     worker threads
 * @param memoryLimit DuckDB's memory_limit, e.g. "4GB"; beyond it DuckDB spills to disk
 */
public record DuckDbSettings(int threads, String memoryLimit) {

    public DuckDbSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (!memoryLimit.matches("\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB)")) {
            throw new IllegalArgumentException("memoryLimit '" + memoryLimit + "' must look like 4GB");
        }
    }

    /** Every core, and a third of the machine's memory. */
    public static DuckDbSettings forThisMachine() {
        long total = ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        long gb = Math.max(1, total / 3 / (1L << 30));
        return new DuckDbSettings(Runtime.getRuntime().availableProcessors(), gb + "GB");
    }
}
