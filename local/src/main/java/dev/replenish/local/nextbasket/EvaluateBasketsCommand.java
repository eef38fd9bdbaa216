package dev.replenish.local.nextbasket;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.evaluation.MetricsJson;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.evaluation.NextBasketRanker;
import dev.replenish.core.evaluation.NextBasketScores;
import dev.replenish.core.evaluation.RankingScores;
import dev.replenish.core.evaluation.ValidationOrder;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.sources.tafeng.BasketImport;
import dev.replenish.local.evaluation.HeldOutEvaluation;
import dev.replenish.local.pipeline.LocalPipeline;
import dev.replenish.local.pipeline.StepContext;
import dev.replenish.local.sql.DuckDbSettings;
import dev.replenish.local.sql.DuckDbSqlEngine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
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
                "It runs the pipeline itself (catalog, curate, features, join, train, evaluate) on a temporary work"
                        + " directory: the test users' last baskets are held out of the lake, their candidates are scored with"
                        + " the trained model, and the model is printed beside P-, G-, GP-TopFreq and a user-KNN, computed"
                        + " in the same run, with each figure split into its repeat and explore parts."})
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
            description = "Seed of the user shuffle that picks the test users (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the metrics as JSON here.")
    Path out;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON file overriding configuration defaults (section nextBasket, whose candidateSources replace the"
                    + " top-level ones here, and training, ...).")
    Path config;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Keep the run's lake here (default: a temporary directory, deleted afterwards).")
    Path work;

    @Spec
    CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String RUN_ID = "baskets";

    /**
     * What one evaluation found.
     *
     * @param metrics   the test users' next-basket figures, by ranker
     * @param testOrders the test orders as scored (every candidate's probability)
     * @param split     the users in each part
     */
    record Result(Map<NextBasketRanker, NextBasketScores> metrics, List<ValidationOrder> testOrders, Split split) {
    }

    record Split(long seed, int trainUsers, int validationUsers, int testUsers) {
    }

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
        Path dir = work != null ? work : Files.createTempDirectory("replenish-baskets");
        try {
            Result result = evaluate(input, splitSeed, settings, dir, console);
            console.println();
            console.print(table(result));
            console.println();
            if (out != null) {
                Files.writeString(out, json(result));
                console.println("metrics written to " + out);
            }
            console.printf("done in %.1f s: %,d test users, seed %d%n", seconds(started), result.split().testUsers(), splitSeed);
        } finally {
            if (work == null) {
                deleteTree(dir);
            }
        }
        return 0;
    }

    /**
     * Imports the baskets into {@code dir/raw}, holds the test users' targets out, runs the pipeline
     * from catalog to evaluate into {@code dir/lake}, and scores the test users.
     */
    static Result evaluate(Path input, long seed, ReplenishConfig settings, Path dir, PrintWriter console) throws Exception {
        Path raw = dir.resolve("raw");
        BasketImport.Summary imported = BasketImport.tafengJson(input, raw);
        console.printf("read %s: %,d users, %,d baskets, %,d basket lines%n", input, imported.usersRead(),
                imported.basketsRead(), imported.linesRead());
        if (imported.usersSkipped() > 0) {
            console.printf("skipped %,d users with fewer than two baskets (no history to predict from), e.g. user %d%n",
                    imported.usersSkipped(), imported.skippedUserIds().get(0));
        }
        if (imported.duplicateItemsMerged() > 0) {
            console.printf("counted %,d items listed twice in one basket once%n", imported.duplicateItemsMerged());
        }
        ReplenishConfig.NextBasket split = settings.nextBasket();
        HeldOutTargets heldOut = HeldOutTargets.takeOut(raw, seed, split.trainFraction(), split.validationFraction());
        // The join holds out validation users among the rest: validation / (train + validation) of them.
        double joinValidation = split.validationFraction() / (split.trainFraction() + split.validationFraction());
        if (heldOut.testUsers().isEmpty() || heldOut.otherUsers() * joinValidation < 1 || heldOut.otherUsers() * (1 - joinValidation) < 1) {
            throw new UserError(input + ": " + imported.usersImported() + " users with two or more baskets are too few to split"
                    + " into train, validation and test users with at least one user each");
        }
        ReplenishConfig runSettings = settings.withJoin(settings.join().withValidationFraction(joinValidation))
                .withCandidateSources(split.candidateSources());
        ByteArrayOutputStream steps = new ByteArrayOutputStream();
        StepContext context = new StepContext(raw, dir.resolve("lake"), RUN_ID, runSettings,
                new PrintStream(steps, true, StandardCharsets.UTF_8));
        var outcomes = LocalPipeline.standard().run(context, PipelineStep.CATALOG, PipelineStep.EVALUATE);
        for (var outcome : outcomes) {
            console.printf("%-10s %6.1f s%n", outcome.step().id(), outcome.seconds());
            // The join's candidate counts are the final ones: they include its own two sources.
            if (outcome.step() == PipelineStep.JOIN || outcome.step() == PipelineStep.EVALUATE) {
                outcome.result().lines().stream().filter(line -> line.startsWith("candidates")
                        || line.startsWith("validation")).forEach(line -> console.println("           " + line));
            }
        }
        HeldOutEvaluation.Result test = HeldOutEvaluation.evaluate(context.lakeRoot(), RUN_ID, heldOut.targets());
        int validationUsers = validationUsers(context);
        return new Result(test.report().metrics().nextBasket(), test.orders(),
                new Split(seed, heldOut.otherUsers() - validationUsers, validationUsers, heldOut.testUsers().size()));
    }

    private static int validationUsers(StepContext context) throws Exception {
        try (var engine = DuckDbSqlEngine.open(context.lakeRoot(),
                DuckDbSettings.forThisMachine())) {
            return (int) engine.queryLong("SELECT count(DISTINCT user_id) FROM read_parquet('"
                    + DuckDbSqlEngine.sqlPath(context.lake(
                            LakeLayout.training(RUN_ID, "evaluation"))) + "/*.parquet')");
        }
    }

    static String table(Result result) {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%-28s %9s %9s %9s %9s %9s %9s %9s %9s%n", "test users", "recall@10",
                "recall@20", "ndcg@10", "ndcg@20", "phr@10", "phr@20", "rep r@10", "exp r@10"));
        result.metrics().forEach((ranker, scores) -> {
            RankingScores whole = scores.whole();
            table.append(String.format(Locale.ROOT, "%-28s %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f%n", ranker.key(),
                    whole.recallAt10(), whole.recallAt20(), whole.ndcgAt10(), whole.ndcgAt20(), whole.phrAt10(), whole.phrAt20(),
                    scores.repeat().recallAt10(), scores.explore().recallAt10()));
        });
        NextBasketScores any = result.metrics().get(NextBasketRanker.MODEL);
        table.append(String.format(Locale.ROOT, "(repeat part: %,d test users whose target holds a product bought before; "
                + "explore part: %,d whose target holds a new one)%n", any.repeatOrders(), any.exploreOrders()));
        return table.toString();
    }

    /**
     * The JSON of {@code --out}: {@code model} and {@code baselines.<name>} with Recall, NDCG and
     * PHR at 10 and 20 over the whole target, each with its {@code repeat} and {@code explore} parts,
     * and the {@code split}.
     */
    static String json(Result result) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode baselines = JSON.createObjectNode();
        result.metrics().forEach((ranker, scores) -> {
            ObjectNode node = ranker == NextBasketRanker.MODEL ? root.putObject("model") : baselines.putObject(ranker.key());
            metrics(node, scores.whole());
            metrics(node.putObject(MetricsJson.REPEAT), scores.repeat());
            metrics(node.putObject(MetricsJson.EXPLORE), scores.explore());
        });
        root.set("baselines", baselines);
        ObjectNode split = root.putObject("split");
        split.put("seed", result.split().seed());
        split.put("train_users", result.split().trainUsers());
        split.put("validation_users", result.split().validationUsers());
        split.put("test_users", result.split().testUsers());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of numbers always serialises", e);
        }
    }

    private static void metrics(ObjectNode node, RankingScores scores) {
        node.put(MetricsJson.RECALL_AT_10, scores.recallAt10());
        node.put(MetricsJson.RECALL_AT_20, scores.recallAt20());
        node.put(MetricsJson.NDCG_AT_10, scores.ndcgAt10());
        node.put(MetricsJson.NDCG_AT_20, scores.ndcgAt20());
        node.put(MetricsJson.PHR_AT_10, scores.phrAt10());
        node.put(MetricsJson.PHR_AT_20, scores.phrAt20());
    }

    private ReplenishConfig loadConfig() {
        try {
            return config == null ? ReplenishConfig.defaults() : ReplenishConfig.load(config);
        } catch (ReplenishConfig.ConfigException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
