package dev.replenish.local.generate;

import dev.replenish.sources.generate.InstacartGenerator;
import dev.replenish.local.UserError;
import dev.replenish.sources.instacart.InstacartCsvWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write synthetic order history as the six Instacart CSV files (Kaggle layout).",
                "Shoppers have staples with personal repurchase cycles, preferred aisles and an ordering rhythm;",
                "the statistics follow the published Instacart figures (check with: replenish stats DIR).",
                "The same seed gives byte-identical files."})
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;


    @Option(names = "--users", required = true, description = "Number of users (Instacart has 206,209).")
    int users;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Directory to write the six files into (created if missing).")
    Path out;

    @Option(names = "--threads", description = "Worker threads (default: the number of processors). Output does not depend on it.")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if (users < 1) {
            throw new UserError("--users must be at least 1, was " + users);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a file, not a directory");
        }
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (workers < 1) {
            throw new UserError("--threads must be at least 1, was " + workers);
        }
        PrintWriter print = spec.commandLine().getOut();
        InstacartGenerator.Summary summary;
        InstacartCsvWriter writer = InstacartCsvWriter.create(out);
        try {
            summary = new InstacartGenerator(seed, workers, spec.commandLine().getErr()).generate(users, writer);
        } finally {
            writer.close();
        }
        print.printf("generated %,d users, %,d orders (seed %d) into %s in %.1f s%n",
                summary.users(), summary.orders(), seed, out, summary.seconds());
        for (String line : writer.summaryLines()) {
            print.println("  " + line);
        }
        return 0;
    }
}
