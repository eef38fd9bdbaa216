package dev.replenish.local.baskets;

import dev.replenish.sources.tafeng.BasketImport;
import dev.replenish.local.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "import-baskets", mixinStandardHelpOptions = true,
        description = {"Turn basket sequences into the six Instacart CSV files: each user's last basket becomes",
                "their train order, earlier baskets prior orders; timing columns stay empty; products are named",
                "'item <id>' in one aisle and one department, 'unknown'. Users with fewer than 2 non-empty",
                "baskets are skipped and an item repeated within a basket becomes one line (both counted)."})
public final class ImportBasketsCommand implements Callable<Integer> {

    /** The basket formats understood; each has its own reader. */
    static final String TAFENG_JSON = "tafeng-json";

    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true,
            description = "Format of FILE. tafeng-json: {\"<user_id>\": [[item, ...], ...]}, baskets oldest first.")
    String format;

    @Parameters(paramLabel = "FILE", description = "The basket file.")
    Path file;

    @Option(names = "--out", required = true, description = "Directory to write the six files into (created if missing).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!TAFENG_JSON.equals(format)) {
            throw new UserError("--format '" + format + "' is not known; formats: " + TAFENG_JSON);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a file, not a directory");
        }
        long started = System.nanoTime();
        BasketImport.Summary summary = BasketImport.tafengJson(file, out);
        PrintWriter print = spec.commandLine().getOut();
        print.printf("imported %s (%s) into %s in %.1f s%n", file, format, out, (System.nanoTime() - started) / 1e9);
        print.printf("  users     %,10d read, %,d imported, %,d skipped (fewer than %d non-empty baskets)%n",
                summary.usersRead(), summary.usersImported(), summary.usersSkipped(), BasketImport.MIN_BASKETS);
        if (summary.usersSkipped() > 0) {
            String named = summary.skippedUserIds().stream().map(String::valueOf).collect(Collectors.joining(", "));
            boolean more = summary.usersSkipped() > summary.skippedUserIds().size();
            print.printf("  skipped users: %s%s%n", named, more ? ", ..." : "");
        }
        print.printf("  baskets   %,10d read, %,d empty dropped; written: %,d prior + %,d train orders%n",
                summary.basketsRead(), summary.emptyBasketsDropped(), summary.priorOrders(), summary.trainOrders());
        print.printf("  lines     %,10d read, %,d merged (item repeated within a basket), %,d of skipped users;"
                        + " written: %,d (%.1f%% re-ordered)%n",
                summary.linesRead(), summary.duplicateItemsMerged(), summary.linesOfSkippedUsers(), summary.linesWritten(),
                summary.linesWritten() == 0 ? 0.0 : 100.0 * summary.reorderedLines() / summary.linesWritten());
        print.printf("  products  %,10d (product_id 1..n by ascending item id)%n", summary.products());
        return 0;
    }
}
