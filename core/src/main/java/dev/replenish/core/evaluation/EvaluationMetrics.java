package dev.replenish.core.evaluation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The figures of one evaluation: what metrics.json holds, and what the deployment gate compares.
 *
 * @param model     the model's scores
 * @param baselines each baseline's scores
 * @param nextBasket whole-basket metrics of the model and the next-basket baselines; empty when the
 *                  evaluation had no whole target baskets (metrics.json of an older run)
 */
public record EvaluationMetrics(ModelScores model, Map<Baseline, BaselineScores> baselines,
                                Map<NextBasketRanker, NextBasketScores> nextBasket) {

    public EvaluationMetrics(ModelScores model, Map<Baseline, BaselineScores> baselines) {
        this(model, baselines, Map.of());
    }

    public EvaluationMetrics {
        nextBasket = nextBasket.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(nextBasket));
        if (baselines.keySet().size() != Baseline.values().length) {
            throw new IllegalArgumentException("every baseline needs scores; got " + baselines.keySet());
        }
        baselines = Collections.unmodifiableMap(new EnumMap<>(baselines));
    }

    /**
     * @param meanF1  mean Kaggle F1 per order of the expected-F1 basket
     * @param auc     ROC AUC over every validation candidate
     * @param logloss mean log-loss over every validation candidate
     * @param ranking ranking metrics of the candidates ordered by probability
     */
    public record ModelScores(double meanF1, double auc, double logloss, RankingScores ranking) {
    }

    /**
     * @param meanF1  mean Kaggle F1 per order of the baseline's basket
     * @param ranking its ranking metrics, or null for a baseline that is only a basket
     */
    public record BaselineScores(double meanF1, RankingScores ranking) {
    }

    /** Jackson writes the metrics with metrics.json's fixed keys wherever they are embedded. */
    @JsonValue
    JsonNode json() {
        return MetricsJson.toTree(this);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static EvaluationMetrics fromJson(JsonNode node) {
        return MetricsJson.fromTree(node, "metrics");
    }

    /** The best baseline by mean F1. */
    public Map.Entry<Baseline, BaselineScores> strongestBaseline() {
        return baselines.entrySet().stream().max(Map.Entry.comparingByValue(
                (a, b) -> Double.compare(a.meanF1(), b.meanF1()))).orElseThrow();
    }
}
