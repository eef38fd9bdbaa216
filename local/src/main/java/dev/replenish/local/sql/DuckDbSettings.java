package dev.replenish.local.sql;

/**
 * How much of the machine DuckDB may use.
 *
 * @param threads      worker threads
 * @param memoryLimit  DuckDB's memory_limit, e.g. "4GB"; beyond it DuckDB spills to disk
 * @param keepRowOrder DuckDB's preserve_insertion_order. Curation keeps it, so outputs list rows in
 *                     file order; feature SQL never depends on row order, and dropping it roughly
 *                     halves the user x product table's time at full scale (measured 39 s vs 21 s)
 */
public record DuckDbSettings(int threads, String memoryLimit, boolean keepRowOrder) {

    public DuckDbSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (!memoryLimit.matches("\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB)")) {
            throw new IllegalArgumentException("memoryLimit '" + memoryLimit + "' must look like 4GB");
        }
    }

    /** Every core, a third of the machine's memory, rows kept in insertion order. */
    public static DuckDbSettings forThisMachine() {
        long total = ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        long gb = Math.max(1, total / 3 / (1L << 30));
        return new DuckDbSettings(Runtime.getRuntime().availableProcessors(), gb + "GB", true);
    }

    /** The same budget for SQL whose results do not depend on row order. */
    public DuckDbSettings withoutRowOrder() {
        return new DuckDbSettings(threads, memoryLimit, false);
    }
}
