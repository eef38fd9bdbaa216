package dev.replenish.core.evaluation;

import java.util.List;
import java.util.Map;

/**
 * Everything one evaluation found: the metrics, and the curves and tables the HTML report draws.
 *
 * @param runId             the run evaluated
 * @param metrics           the figures of metrics.json
 * @param summary           counts that say how much the figures rest on
 * @param precisionRecall   the model's precision-recall curve over every candidate, thinned for drawing
 * @param calibration       predicted probability against observed re-order rate, in equal-width bins
 * @param f1ByBasketSize    mean F1 of the model and each baseline, by the size of the true re-ordered basket
 * @param featureImportance XGBoost's gain per feature, largest first
 */
public record EvaluationReport(String runId, EvaluationMetrics metrics, Summary summary,
                               List<PrecisionRecallPoint> precisionRecall, List<CalibrationBin> calibration,
                               List<BasketSizeGroup> f1ByBasketSize, List<FeatureGain> featureImportance) {

    public EvaluationReport {
        precisionRecall = List.copyOf(precisionRecall);
        calibration = List.copyOf(calibration);
        f1ByBasketSize = List.copyOf(f1ByBasketSize);
        featureImportance = List.copyOf(featureImportance);
    }

    /**
     * @param orders             validation orders (one per validation user)
     * @param candidates         candidate rows scored
     * @param positiveShare      share of candidates in the order (labelled 1), explore ones included
     * @param noneOrders         orders with no re-ordered product (truth "None")
     * @param meanTruthSize      mean number of re-ordered (repeat) products per order
     * @param meanModelBasket    mean size of the model's chosen basket
     * @param modelChoseNone     orders for which the model chose "None"
     */
    public record Summary(int orders, long candidates, double positiveShare, int noneOrders, double meanTruthSize,
                          double meanModelBasket, int modelChoseNone) {
    }

    /** One point of the precision-recall curve: candidates with probability >= threshold are predicted. */
    public record PrecisionRecallPoint(double threshold, double precision, double recall) {
    }

    /** Candidates whose probability falls in [from, to). */
    public record CalibrationBin(double from, double to, long candidates, double meanPredicted, double observedRate) {
    }

    /** Orders whose true re-ordered basket has a size in this group. */
    public record BasketSizeGroup(String label, int orders, double modelF1, Map<Baseline, Double> baselineF1) {
        public BasketSizeGroup {
            baselineF1 = Map.copyOf(baselineF1);
        }
    }

    /** A feature's importance: XGBoost's mean gain of the splits on it. */
    public record FeatureGain(String feature, double gain) {
    }
}
