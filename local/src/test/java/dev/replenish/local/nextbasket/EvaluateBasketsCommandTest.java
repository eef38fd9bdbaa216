package dev.replenish.local.nextbasket;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.evaluation.NextBasketRanker;
import dev.replenish.core.evaluation.ValidationOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.local.Replenish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command end to end on a small synthetic file, with a real xgboost4j ranker. */
class EvaluateBasketsCommandTest {

    private static final List<String> METRICS = List.of("recall@10", "recall@20", "ndcg@10", "ndcg@20", "phr@10", "phr@20");

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Replenish.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /**
     * 300 users in 6 tastes of 20 items each. A user keeps 4 favourites of the taste and buys 2 of
     * them plus 2 other items of the taste in every basket, so the next basket is predictable from
     * the user's own items and from users of the same taste, and hardly from global popularity.
     * User 301 has one basket only.
     */
    private Path syntheticFile() throws IOException {
        Random random = new Random(2024);
        StringJoiner users = new StringJoiner(", ", "{", "}");
        for (int user = 1; user <= 300; user++) {
            int taste = random.nextInt(6);
            List<Integer> favourites = new ArrayList<>();
            while (favourites.size() < 4) {
                int item = taste * 20 + random.nextInt(20);
                if (!favourites.contains(item)) {
                    favourites.add(item);
                }
            }
            StringJoiner baskets = new StringJoiner(", ", "[", "]");
            int count = 3 + random.nextInt(4);
            for (int b = 0; b < count; b++) {
                Set<Integer> basket = new LinkedHashSet<>();
                basket.add(favourites.get(random.nextInt(4)));
                basket.add(favourites.get(random.nextInt(4)));
                basket.add(taste * 20 + random.nextInt(20));
                basket.add(taste * 20 + random.nextInt(20));
                baskets.add(basket.toString());
            }
            users.add("\"" + user + "\": " + baskets);
        }
        users.add("\"301\": [[1, 2]]");
        Path file = temp.resolve("synthetic.json");
        Files.writeString(file, users.toString());
        return file;
    }

    /** Few rounds and one thread: the test checks the wiring, not the model's best score. */
    private Path quickConfig() throws IOException {
        Path config = temp.resolve("config.json");
        Files.writeString(config, "{\"training\": {\"numRound\": 40, \"earlyStoppingRounds\": 10, \"threads\": 1}}");
        return config;
    }

    @Test
    void aSyntheticFileGivesTheTableAndAJsonFileWithExactlyTheAgreedKeys() throws IOException {
        // GIVEN 300 usable users and one with a single basket
        Path input = syntheticFile();
        Path metrics = temp.resolve("metrics.json");
        // WHEN the command runs the pipeline on them
        int exit = run("evaluate-baskets", "--input", input.toString(), "--format", "tafeng-json", "--split-seed", "4",
                "--out", metrics.toString(), "--config", quickConfig().toString());
        // THEN it succeeds and reports the skipped user, the candidates per source and the five rankers
        assertEquals(0, exit, err.toString());
        String printed = out.toString();
        assertTrue(printed.contains("skipped 1 users with fewer than two baskets"), printed);
        assertTrue(printed.contains("bought together"), printed);
        // AND the join's final count shows its own two sources proposing candidates (the neighbours' and
        // the training targets' popular products)
        String joined = printed.lines().filter(line -> line.contains("popular at target time")).reduce((a, b) -> b).orElseThrow();
        java.util.regex.Matcher proposed = java.util.regex.Pattern.compile("([\\d,]+) neighbours, ([\\d,]+) popular at target time")
                .matcher(joined);
        assertTrue(proposed.find(), joined);
        assertTrue(Long.parseLong(proposed.group(1).replace(",", "")) > 0, joined);
        assertTrue(Long.parseLong(proposed.group(2).replace(",", "")) > 0, joined);
        for (String row : List.of("model", "p_topfreq", "g_topfreq", "gp_topfreq", "user_knn")) {
            assertTrue(printed.lines().anyMatch(line -> line.startsWith(row + " ")), "row " + row + " in\n" + printed);
        }
        // AND the JSON has the agreed keys: each ranker's six metrics, then their repeat and explore parts
        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        assertEquals(List.of("model", "baselines", "split"), names(json));
        List<String> withParts = new ArrayList<>(METRICS);
        withParts.addAll(List.of("repeat", "explore"));
        assertEquals(withParts, names(json.get("model")));
        assertEquals(METRICS, names(json.get("model").get("explore")));
        assertEquals(List.of("p_topfreq", "g_topfreq", "gp_topfreq", "user_knn"), names(json.get("baselines")));
        for (JsonNode baseline : json.get("baselines")) {
            assertEquals(withParts, names(baseline));
        }
        assertEquals(List.of("seed", "train_users", "validation_users", "test_users"), names(json.get("split")));
        // AND 20% of the 300 usable users are test users; the join split the other 240
        assertEquals(4, json.get("split").get("seed").asLong());
        assertEquals(60, json.get("split").get("test_users").asInt());
        assertEquals(240, json.get("split").get("train_users").asInt() + json.get("split").get("validation_users").asInt());
        assertTrue(json.get("split").get("validation_users").asInt() > 0, json.toString());
        // AND every metric is a share
        for (String metric : METRICS) {
            double value = json.get("model").get(metric).asDouble();
            assertTrue(value >= 0 && value <= 1, metric + " = " + value);
        }
        // AND where tastes decide the next basket, the explore candidates (items bought together with the
        // user's) lift the model above the frequency baselines, which only repeat or follow the crowd
        JsonNode baselines = json.get("baselines");
        double modelRecall = json.get("model").get("recall@20").asDouble();
        assertTrue(modelRecall > baselines.get("gp_topfreq").get("recall@20").asDouble(), json.toString());
        assertTrue(modelRecall > baselines.get("g_topfreq").get("recall@20").asDouble(), json.toString());
        assertTrue(json.get("model").get("explore").get("recall@20").asDouble() > 0, json.toString());
    }

    @Test
    void changingTheTestUsersTargetsChangesNoPredictionOnlyTheScore() throws Exception {
        // GIVEN the synthetic file, evaluated once with every feature and source the join's missions
        // and latent factors give (off by default: they did not help on validation users)
        Path input = syntheticFile();
        Path everyFeature = temp.resolve("every-feature.json");
        Files.writeString(everyFeature, "{\"training\": {\"numRound\": 40, \"earlyStoppingRounds\": 10, \"threads\": 1},"
                + " \"join\": {\"missions\": {\"features\": true, \"words\": \"product\"},"
                + " \"latentFactors\": {\"feature\": true, \"candidates\": 5}}}");
        ReplenishConfig settings = ReplenishConfig.load(everyFeature);
        PrintWriter quiet = new PrintWriter(new StringWriter());
        EvaluateBasketsCommand.Result first = EvaluateBasketsCommand.evaluate(input, 9, settings, temp.resolve("first"), quiet);
        // AND the same file with every test user's last basket (the target) replaced by other items
        Set<Long> testUsers = new java.util.HashSet<>();
        first.testOrders().forEach(order -> testUsers.add(order.userId()));
        JsonNode source = new ObjectMapper().readTree(input.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode changed = new ObjectMapper().createObjectNode();
        source.fields().forEachRemaining(user -> {
            com.fasterxml.jackson.databind.node.ArrayNode baskets = user.getValue().deepCopy();
            if (testUsers.contains(Long.parseLong(user.getKey()))) {
                baskets.set(baskets.size() - 1, new ObjectMapper().createArrayNode().add(500).add(501).add(1));
            }
            changed.set(user.getKey(), baskets);
        });
        Path changedInput = temp.resolve("changed.json");
        new ObjectMapper().writeValue(changedInput.toFile(), changed);
        // WHEN it is evaluated again with the same seed
        EvaluateBasketsCommand.Result second = EvaluateBasketsCommand.evaluate(changedInput, 9, settings, temp.resolve("second"), quiet);
        // THEN the test users are the same and every candidate of every test user has the same probability
        assertEquals(60, first.testOrders().size());
        assertEquals(predictions(first), predictions(second));
        // AND only the scores against the (changed) targets moved: the comparison can see a change
        assertTrue(first.metrics().get(NextBasketRanker.MODEL).whole().recallAt20()
                != second.metrics().get(NextBasketRanker.MODEL).whole().recallAt20());
    }

    private static java.util.Map<String, Double> predictions(EvaluateBasketsCommand.Result result) {
        java.util.Map<String, Double> predictions = new java.util.TreeMap<>();
        for (ValidationOrder order : result.testOrders()) {
            for (int i = 0; i < order.candidates(); i++) {
                predictions.put(order.userId() + "/" + order.productIds()[i], order.probabilities()[i]);
            }
        }
        return predictions;
    }

    @Test
    void aMissingInputIsOneLineNamingTheFileNotAStackTrace() {
        Path missing = temp.resolve("absent.json");
        int exit = run("evaluate-baskets", "--input", missing.toString());
        assertEquals(2, exit);
        assertEquals("replenish evaluate-baskets: " + missing + ": no such file", err.toString().strip());
    }

    @Test
    void aBadItemIsOneLineNamingTheFileUserAndBasket() throws IOException {
        Path input = temp.resolve("bad.json");
        Files.writeString(input, "{\"1\": [[1], [2]], \"2\": [[1], [\"x\"]]}");
        int exit = run("evaluate-baskets", "--input", input.toString());
        assertEquals(2, exit);
        String message = err.toString().strip();
        assertTrue(message.startsWith("replenish evaluate-baskets: " + input + ": user 2, basket 2"), message);
        assertFalse(message.contains("Exception"), message);
    }

    @Test
    void tooFewUsersToSplitIsAUserError() throws IOException {
        Path input = temp.resolve("tiny.json");
        Files.writeString(input, "{\"1\": [[1], [2]], \"2\": [[1], [3]], \"3\": [[2], [3]]}");
        int exit = run("evaluate-baskets", "--input", input.toString());
        assertEquals(2, exit);
        assertTrue(err.toString().contains("3 users with two or more baskets are too few"), err.toString());
    }

    @Test
    void anUnknownFormatIsAUserError() throws IOException {
        int exit = run("evaluate-baskets", "--input", syntheticFile().toString(), "--format", "instacart-csv");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("--format instacart-csv: unknown format; known: tafeng-json"), err.toString());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> fields = node.fieldNames();
        fields.forEachRemaining(names::add);
        return names;
    }
}
