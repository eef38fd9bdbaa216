package dev.replenish.local.pipeline;

import dev.replenish.core.config.ReplenishConfig;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a local step may use.
 *
 * @param rawDir   the six raw files (the raw zone of the local lake)
 * @param lakeRoot the work directory: the lake's other prefixes live under it
 * @param runId    this run's id; run-scoped outputs go under prefixes carrying it
 * @param config   the run's configuration
 * @param out      where progress lines go
 */
public record StepContext(Path rawDir, Path lakeRoot, String runId, ReplenishConfig config, PrintStream out) {

    /** The local path of a lake key such as {@code curated/orders/}. */
    public Path lake(String key) {
        return lakeRoot.resolve(key);
    }
}
