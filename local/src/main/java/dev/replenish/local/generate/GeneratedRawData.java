package dev.replenish.local.generate;

import dev.replenish.sources.generate.InstacartGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.sources.instacart.InstacartCsvWriter;
import dev.replenish.local.lake.LocalLake;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generated raw files kept for reuse (by {@code demo} and {@code bench}): the generator is
 * deterministic, so a directory already holding the files of the same users and seed is reused
 * as it is, and any other content is replaced. {@code generated.json}, written after the six
 * files, says which users and seed they are; a directory without it (an interrupted generation)
 * is generated again.
 */
public record GeneratedRawData(int users, long seed) {

    static final String MARKER = "generated.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The six files of these users and seed in {@code dir}, generated unless already there. */
    public Path ensureIn(Path dir, PrintStream out) throws InterruptedException {
        if (isIn(dir)) {
            out.printf("reusing generated data in %s (%,d users, seed %d)%n", dir, users, seed);
            return dir;
        }
        LocalLake.deleteRecursively(dir);
        InstacartGenerator.Summary summary;
        InstacartCsvWriter writer = InstacartCsvWriter.create(dir);
        try {
            summary = new InstacartGenerator(seed, Runtime.getRuntime().availableProcessors(), new PrintWriter(out, true))
                    .generate(users, writer);
        } finally {
            writer.close();
        }
        try {
            JSON.writeValue(dir.resolve(MARKER).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + dir.resolve(MARKER), e);
        }
        out.printf("generated %,d users, %,d orders (seed %d) into %s in %.1f s%n",
                summary.users(), summary.orders(), seed, dir, summary.seconds());
        return dir;
    }

    private boolean isIn(Path dir) {
        Path marker = dir.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return false;
        }
        for (InstacartTable table : InstacartTable.values()) {
            if (!Files.isRegularFile(dir.resolve(table.fileName()))) {
                return false;
            }
        }
        try {
            return JSON.readValue(marker.toFile(), GeneratedRawData.class).equals(this);
        } catch (IOException e) {
            return false;
        }
    }
}
