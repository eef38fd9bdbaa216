package dev.replenish.core.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replenish.core.evaluation.EvaluationMetrics.BaselineScores;
import dev.replenish.core.evaluation.EvaluationMetrics.ModelScores;

import java.util.EnumMap;
import java.util.Map;

/**
 * metrics.json: a fixed set of keys that dashboards, the deployment gate and the cloud's
 * evaluation Lambda rely on.
 * <pre>
 * {"model": {"mean_f1", "auc", "logloss", "recall@10", "recall@20", "ndcg@10", "ndcg@20", "phr@10", "phr@20"},
 *  "baselines": {"repeat_last_order": {"mean_f1"},
 *                "p_topfreq" | "g_topfreq" | "gp_topfreq": {"mean_f1", "recall@10", ... "phr@20"},
 *                "threshold_0_5": {"mean_f1"}},
 *  "next_basket": {"model" | "p_topfreq" | "g_topfreq" | "gp_topfreq" | "user_knn":
 *                  {"recall@10", ... "phr@20", "repeat": {"recall@10", ...}, "explore": {...},
 *                   "repeat_orders", "explore_orders"}}}
 * </pre>
 * next_basket is absent from the metrics of a run evaluated without whole target baskets.
 * A value that is undefined for the data (AUC with one class only) is written as null.
 */
public final class MetricsJson {

    /** The file name under {@code reports/<run>/}. */
    public static final String FILE_NAME = "metrics.json";

    public static final String MODEL = "model";
    public static final String BASELINES = "baselines";
    public static final String MEAN_F1 = "mean_f1";
    public static final String AUC = "auc";
    public static final String LOGLOSS = "logloss";
    public static final String RECALL_AT_10 = "recall@" + RankingScores.SHORT_LIST;
    public static final String RECALL_AT_20 = "recall@" + RankingScores.LONG_LIST;
    public static final String NDCG_AT_10 = "ndcg@" + RankingScores.SHORT_LIST;
    public static final String NDCG_AT_20 = "ndcg@" + RankingScores.LONG_LIST;
    public static final String PHR_AT_10 = "phr@" + RankingScores.SHORT_LIST;
    public static final String PHR_AT_20 = "phr@" + RankingScores.LONG_LIST;
    public static final String NEXT_BASKET = "next_basket";
    public static final String REPEAT = "repeat";
    public static final String EXPLORE = "explore";
    public static final String REPEAT_ORDERS = "repeat_orders";
    public static final String EXPLORE_ORDERS = "explore_orders";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetricsJson() {
    }

    public static String write(EvaluationMetrics metrics) {
        try {
            return JSON.writeValueAsString(toTree(metrics));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static EvaluationMetrics read(String json, String source) {
        try {
            return fromTree(JSON.readTree(json), source);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The metrics as a JSON tree, e.g. to embed in a model manifest with the same keys. */
    public static ObjectNode toTree(EvaluationMetrics metrics) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode model = root.putObject(MODEL);
        put(model, MEAN_F1, metrics.model().meanF1());
        put(model, AUC, metrics.model().auc());
        put(model, LOGLOSS, metrics.model().logloss());
        putRanking(model, metrics.model().ranking());
        ObjectNode baselines = root.putObject(BASELINES);
        for (Baseline baseline : Baseline.values()) {
            BaselineScores scores = metrics.baselines().get(baseline);
            ObjectNode node = baselines.putObject(baseline.key());
            put(node, MEAN_F1, scores.meanF1());
            if (scores.ranking() != null) {
                putRanking(node, scores.ranking());
            }
        }
        if (!metrics.nextBasket().isEmpty()) {
            ObjectNode nextBasket = root.putObject(NEXT_BASKET);
            metrics.nextBasket().forEach((ranker, scores) -> {
                ObjectNode node = nextBasket.putObject(ranker.key());
                putRanking(node, scores.whole());
                putRanking(node.putObject(REPEAT), scores.repeat());
                putRanking(node.putObject(EXPLORE), scores.explore());
                node.put(REPEAT_ORDERS, scores.repeatOrders());
                node.put(EXPLORE_ORDERS, scores.exploreOrders());
            });
        }
        return root;
    }

    public static EvaluationMetrics fromTree(JsonNode root, String source) {
        JsonNode model = required(root, MODEL, source);
        ModelScores modelScores = new ModelScores(number(model, MEAN_F1, source), number(model, AUC, source),
                number(model, LOGLOSS, source), ranking(model, source));
        JsonNode baselinesNode = required(root, BASELINES, source);
        Map<Baseline, BaselineScores> baselines = new EnumMap<>(Baseline.class);
        for (Baseline baseline : Baseline.values()) {
            JsonNode node = required(baselinesNode, baseline.key(), source);
            baselines.put(baseline, new BaselineScores(number(node, MEAN_F1, source),
                    node.has(RECALL_AT_10) ? ranking(node, source) : null));
        }
        Map<NextBasketRanker, NextBasketScores> nextBasket = new EnumMap<>(NextBasketRanker.class);
        JsonNode nextBasketNode = root.get(NEXT_BASKET);
        if (nextBasketNode != null && nextBasketNode.isObject()) {
            for (NextBasketRanker ranker : NextBasketRanker.values()) {
                JsonNode node = required(nextBasketNode, ranker.key(), source);
                nextBasket.put(ranker, new NextBasketScores(ranking(node, source),
                        ranking(required(node, REPEAT, source), source), ranking(required(node, EXPLORE, source), source),
                        (int) number(node, REPEAT_ORDERS, source), (int) number(node, EXPLORE_ORDERS, source)));
            }
        }
        return new EvaluationMetrics(modelScores, baselines, nextBasket);
    }

    private static void putRanking(ObjectNode node, RankingScores ranking) {
        put(node, RECALL_AT_10, ranking.recallAt10());
        put(node, RECALL_AT_20, ranking.recallAt20());
        put(node, NDCG_AT_10, ranking.ndcgAt10());
        put(node, NDCG_AT_20, ranking.ndcgAt20());
        put(node, PHR_AT_10, ranking.phrAt10());
        put(node, PHR_AT_20, ranking.phrAt20());
    }

    private static RankingScores ranking(JsonNode node, String source) {
        return new RankingScores(number(node, RECALL_AT_10, source), number(node, RECALL_AT_20, source),
                number(node, NDCG_AT_10, source), number(node, NDCG_AT_20, source),
                number(node, PHR_AT_10, source), number(node, PHR_AT_20, source));
    }

    private static void put(ObjectNode node, String key, double value) {
        if (Double.isNaN(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    private static JsonNode required(JsonNode node, String key, String source) {
        JsonNode child = node.get(key);
        if (child == null || !child.isObject()) {
            throw new IllegalArgumentException(source + ": no object '" + key + "'");
        }
        return child;
    }

    private static double number(JsonNode node, String key, String source) {
        JsonNode value = node.get(key);
        if (value == null) {
            throw new IllegalArgumentException(source + ": no '" + key + "'");
        }
        return value.isNull() ? Double.NaN : value.asDouble();
    }
}
