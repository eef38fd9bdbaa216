package dev.replenish.local.join;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark local-mode session the join runs in, inside the replenish JVM: every core, no web UI,
 * bound to loopback. One per JVM, created on first use (start-up takes a few seconds).
 */
public final class LocalSpark {

    private static SparkSession session;

    private LocalSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            int cores = Runtime.getRuntime().availableProcessors();
            session = SparkSession.builder()
                    .master("local[" + cores + "]")
                    .appName("replenish")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    // Glue sizes partitions for a cluster; one machine wants a few per core.
                    .config("spark.sql.shuffle.partitions", String.valueOf(cores * 4))
                    .getOrCreate();
        }
        return session;
    }
}
