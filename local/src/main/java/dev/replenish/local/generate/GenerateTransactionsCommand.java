package dev.replenish.local.generate;

import dev.replenish.local.UserError;
import dev.replenish.local.lake.LocalLake;
import dev.replenish.sources.generate.InstacartGenerator;
import dev.replenish.sources.generate.TransactionsExport;
import dev.replenish.sources.instacart.InstacartCsvWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "generate-transactions", mixinStandardHelpOptions = true,
        description = {"Write synthetic order history as a retailer's transactions export: one CSV row per line item",
                "(" + TransactionsExport.HEADER + "),",
                "in time order; .gz compresses it. The input import-transactions is tested and benchmarked on.",
                "About 160 rows per user: 62,500 users make 10 million rows."})
public final class GenerateTransactionsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--users", required = true, description = "Number of users.")
    int users;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV file to write (.csv or .csv.gz).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (users < 1) {
            throw new UserError("--users must be at least 1, was " + users);
        }
        if (Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a directory; give a file name such as transactions.csv");
        }
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path sixFiles = Files.createTempDirectory(parent, ".six-files-");
        long started = System.nanoTime();
        try {
            try (InstacartCsvWriter writer = InstacartCsvWriter.create(sixFiles)) {
                new InstacartGenerator(seed, Runtime.getRuntime().availableProcessors(), null).generate(users, writer);
            }
            long rows = TransactionsExport.write(sixFiles, out);
            PrintWriter print = spec.commandLine().getOut();
            print.printf("generated %,d users (seed %d) as %,d transaction rows into %s in %.1f s%n",
                    users, seed, rows, out, (System.nanoTime() - started) / 1e9);
        } finally {
            LocalLake.deleteRecursively(sixFiles);
        }
        return 0;
    }
}
