package dev.replenish.local.nextbasket;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.nextbasket.UserSplit;
import dev.replenish.local.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "evaluate-baskets", mixinStandardHelpOptions = true,
        description = {
                "Next-basket evaluation on basket sequences with the protocol of Li et al., \"A Next Basket Recommendation"
                        + " Reality Check\" (TOIS 2023): each user's last basket is the target, users are shuffled and split"
                        + " 72% train / 8% validation / 20% test, and Recall, NDCG and PHR at 10 and 20 are averaged over test users.",
                "Prints the trained ranker beside P-TopFreq, G-TopFreq and GP-TopFreq, computed in the same run."})
public final class EvaluateBasketsCommand implements Callable<Integer> {

    /** The input formats this command reads. */
    enum BasketFormat {
        TAFENG_JSON("tafeng-json");

        private final String label;

        BasketFormat(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }

        static BasketFormat parse(String text) {
            for (BasketFormat format : values()) {
                if (format.label.equals(text)) {
                    return format;
                }
            }
            throw new UserError("--format " + text + ": unknown format; known: tafeng-json");
        }
    }

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "Basket sequences: {\"<user_id>\": [[item, ...], ...]}, baskets oldest first.")
    Path input;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "tafeng-json",
            description = "Input format (default: ${DEFAULT-VALUE}; the Reality Check paper's merged JSON).")
    String format;

    @Option(names = "--split-seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the user shuffle that makes the train/validation/test split (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the metrics as JSON here.")
    Path out;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON file overriding configuration defaults (section nextBasket).")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        // picocli's writer, so a test (or an embedding program) can capture the report.
        PrintWriter console = spec.commandLine().getOut();
        BasketFormat.parse(format);
        ReplenishConfig settings = loadConfig();
        if (out != null && out.getParent() != null && !Files.isDirectory(out.getParent())) {
            throw new UserError("--out " + out + ": no such directory " + out.getParent());
        }
        BasketFileReader.BasketFile file = BasketFileReader.read(input);
        console.printf("read %s: %,d users, %,d baskets, %,d basket lines in %.1f s%n", input, file.users().size()
                + file.skippedUsers().size(), file.baskets(), file.lines(), seconds(started));
        if (!file.skippedUsers().isEmpty()) {
            console.printf("skipped %,d users with fewer than two baskets (no history to predict from), e.g. user %d%n",
                    file.skippedUsers().size(), file.skippedUsers().get(0));
        }
        if (file.duplicateLines() > 0) {
            console.printf("counted %,d items listed twice in one basket once%n", file.duplicateLines());
        }
        ReplenishConfig.NextBasket nextBasket = settings.nextBasket();
        UserSplit split = UserSplit.shuffled(file.users(), splitSeed, nextBasket.trainFraction(), nextBasket.validationFraction());
        if (split.train().isEmpty() || split.validation().isEmpty() || split.test().isEmpty()) {
            // No training users: nothing to learn; no validation users: no early stop; no test users: nothing to score.
            throw new UserError(input + ": " + file.users().size() + " users with two or more baskets are too few to split"
                    + " into train, validation and test users with at least one user each");
        }
        console.printf("split (seed %d): %,d train, %,d validation, %,d test users%n",
                splitSeed, split.train().size(), split.validation().size(), split.test().size());

        BasketEvaluation.Result result = BasketEvaluation.run(split, nextBasket,
                message -> {
                    console.println(message);
                    console.flush();
                });

        console.println();
        console.print(EvaluationReport.table(result));
        console.println();
        console.printf("candidates: %.1f per test user, covering %.1f%% of their target items (the model's ceiling)%n",
                result.meanCandidates(), 100 * result.candidateRecall());
        console.println("strongest features (total gain): " + topFeatures(result.featureImportance()));
        if (out != null) {
            Files.writeString(out, EvaluationReport.json(result));
            console.println("metrics written to " + out);
        }
        console.printf("done in %.1f s: %,d test users, seed %d%n", seconds(started), result.testUsers(), splitSeed);
        return 0;
    }

    private ReplenishConfig loadConfig() {
        try {
            return config == null ? ReplenishConfig.defaults() : ReplenishConfig.load(config);
        } catch (ReplenishConfig.ConfigException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static String topFeatures(Map<String, Double> importance) {
        double total = importance.values().stream().mapToDouble(Double::doubleValue).sum();
        List<Map.Entry<String, Double>> top = importance.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).limit(6).toList();
        return top.stream().map(e -> String.format("%s %.0f%%", e.getKey(), 100 * e.getValue() / total))
                .collect(Collectors.joining(", "));
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
