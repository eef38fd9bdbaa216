package dev.replenish.local.pipeline;

import dev.replenish.local.lake.LocalLake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * {@code runs/latest} in the work directory: the id of the last pipeline run started there, recorded
 * before its first step so that a run which failed can be resumed with {@code --from STEP} and no
 * {@code --run-id}.
 */
public final class LatestRun {

    private LatestRun() {
    }

    public static Path file(Path work) {
        return work.resolve("runs").resolve("latest");
    }

    public static Optional<String> read(Path work) {
        Path file = file(work);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String id = Files.readString(file).strip();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    public static void record(Path work, String runId) {
        LocalLake.replaceFile(file(work), runId + "\n");
    }

    /** A new run's id: the local time to the second, which sorts as the runs were started. */
    public static String newId() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }
}
