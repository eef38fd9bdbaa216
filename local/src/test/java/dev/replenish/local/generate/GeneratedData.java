package dev.replenish.local.generate;

import dev.replenish.local.instacart.InstacartCsvWriter;

import java.nio.file.Path;

/** Test fixture: generates users into a directory, the way the command does, without the command line. */
final class GeneratedData {

    private GeneratedData() {
    }

    static Path generate(Path directory, int users, long seed, int threads) throws InterruptedException {
        try (InstacartCsvWriter writer = InstacartCsvWriter.create(directory)) {
            new InstacartGenerator(seed, threads, null).generate(users, writer);
        }
        return directory;
    }
}
