package dev.replenish.local.nextbasket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replenish.core.nextbasket.RankingQuality;

import java.util.LinkedHashMap;
import java.util.Map;

/** The evaluation as a readable table and as the fixed-key JSON of {@code --out}. */
final class EvaluationReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvaluationReport() {
    }

    /** Recommenders by the name the JSON gives them, in table order. */
    static Map<String, RankingQuality> baselines(BasketEvaluation.Result result) {
        Map<String, RankingQuality> baselines = new LinkedHashMap<>();
        baselines.put("p_topfreq", result.pTopFreq());
        baselines.put("g_topfreq", result.gTopFreq());
        baselines.put("gp_topfreq", result.gpTopFreq());
        return baselines;
    }

    static String table(BasketEvaluation.Result result) {
        StringBuilder table = new StringBuilder();
        table.append(String.format("%-12s", "test users"));
        for (String metric : RankingQuality.METRIC_NAMES) {
            table.append(String.format(" %9s", metric));
        }
        table.append('\n');
        row(table, "model", result.model());
        row(table, "P-TopFreq", result.pTopFreq());
        row(table, "G-TopFreq", result.gTopFreq());
        row(table, "GP-TopFreq", result.gpTopFreq());
        return table.toString();
    }

    private static void row(StringBuilder table, String name, RankingQuality quality) {
        table.append(String.format("%-12s", name));
        quality.byName().values().forEach(value -> table.append(String.format(" %9.4f", value)));
        table.append('\n');
    }

    static String json(BasketEvaluation.Result result) {
        ObjectNode root = JSON.createObjectNode();
        metrics(root.putObject("model"), result.model());
        ObjectNode baselines = root.putObject("baselines");
        baselines(result).forEach((name, quality) -> metrics(baselines.putObject(name), quality));
        ObjectNode split = root.putObject("split");
        split.put("seed", result.seed());
        split.put("train_users", result.trainUsers());
        split.put("validation_users", result.validationUsers());
        split.put("test_users", result.testUsers());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of numbers always serialises", e);
        }
    }

    private static void metrics(ObjectNode node, RankingQuality quality) {
        quality.byName().forEach(node::put);
    }
}
