package dev.replenish.sources.generate;

import dev.replenish.sources.instacart.InstacartCsvWriter;

import java.nio.file.Path;

/** Test fixture: generates users into a directory, the way the command does, without the command line. */
public final class GeneratedData {

    private GeneratedData() {
    }

    public static Path generate(Path directory, int users, long seed, int threads) throws InterruptedException {
        try (InstacartCsvWriter writer = InstacartCsvWriter.create(directory)) {
            new InstacartGenerator(seed, threads, null).generate(users, writer);
        }
        return directory;
    }
}
