package dev.replenish.local.stats;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Print the statistics of a directory of the six Instacart CSV files next to the published",
                "Instacart figures: users, orders, orders per user, basket size, re-order shares, days between",
                "orders, train/test split, catalog size."})
public final class StatsCommand implements Callable<Integer> {

    /** The tolerance the generator is held to: the summary line counts statistics within it. */
    static final double TOLERANCE_PERCENT = 10.0;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Directory holding orders.csv, order_products__prior.csv, ... (Kaggle layout).")
    Path directory;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        List<Measurement> measurements = InstacartStatistics.measure(directory);
        PrintWriter out = spec.commandLine().getOut();
        print(measurements, out);
        out.printf("%nmeasured %s in %.1f s%n", directory, (System.nanoTime() - started) / 1e9);
        return 0;
    }

    static void print(List<Measurement> measurements, PrintWriter out) {
        String format = "%-34s %14s %14s %10s%n";
        out.printf(format, "statistic", "value", "Instacart", "deviation");
        int compared = 0;
        int within = 0;
        for (Measurement measurement : measurements) {
            Statistic statistic = measurement.statistic();
            OptionalDouble deviation = measurement.deviationPercent();
            String published = statistic.target() == Statistic.Target.PER_USER
                    ? format(statistic, measurement.target()) + "*"
                    : format(statistic, OptionalDouble.of(statistic.published()));
            out.printf(format, statistic.label(), format(statistic, measurement.value()), published,
                    deviation.isPresent() ? String.format(Locale.ROOT, "%+.1f%%", deviation.getAsDouble()) : "");
            if (deviation.isPresent()) {
                compared++;
                if (Math.abs(deviation.getAsDouble()) <= TOLERANCE_PERCENT) {
                    within++;
                }
            }
        }
        out.printf("%n* scaled to this directory's users (Instacart: %,.0f orders for %,.0f users)%n",
                Statistic.ORDERS.published(), Statistic.USERS.published());
        out.printf("%d of %d compared statistics within %.0f%% of the published figure%n", within, compared, TOLERANCE_PERCENT);
    }

    private static String format(Statistic statistic, OptionalDouble value) {
        if (value.isEmpty()) {
            return "n/a";
        }
        double v = value.getAsDouble();
        return switch (statistic.unit()) {
            case COUNT -> String.format(Locale.ROOT, "%,.0f", v);
            case DECIMAL -> String.format(Locale.ROOT, "%,.2f", v);
            case SHARE -> String.format(Locale.ROOT, "%.1f%%", 100 * v);
        };
    }
}
