package dev.replenish.core.evaluation;

import dev.replenish.core.basket.ExpectedF1Basket;
import dev.replenish.core.evaluation.EvaluationMetrics.BaselineScores;
import dev.replenish.core.evaluation.EvaluationMetrics.ModelScores;
import dev.replenish.core.evaluation.EvaluationReport.BasketSizeGroup;
import dev.replenish.core.evaluation.EvaluationReport.CalibrationBin;
import dev.replenish.core.evaluation.EvaluationReport.FeatureGain;
import dev.replenish.core.evaluation.EvaluationReport.PrecisionRecallPoint;
import dev.replenish.core.metrics.BasketF1;
import dev.replenish.core.metrics.RankingMetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Scores the model against the baselines on the validation orders of one run. Pure computation:
 * the local step and the cloud's evaluation Lambda both feed it, from DuckDB or from S3.
 *
 * <p>The re-order metrics score the re-order task as Kaggle scored Instacart: the truth of an
 * order is the set of its repeat candidates (products the user bought before) that were re-ordered
 * ("None" when there are none); the expected-F1 basket and the threshold baseline choose among the
 * repeat candidates; F1 is the mean over orders; the re-order ranking metrics are the mean over
 * orders with at least one re-order. AUC and log-loss are over every candidate, explore ones too
 * (the model's own task: is the product in the next order?).
 *
 * <p>Given the whole target baskets, the next-basket metrics score every candidate ranked by
 * probability, and the next-basket baselines, against the whole basket and its repeat and explore
 * parts ({@link NextBasketScores}).
 */
public final class Evaluator {

    /** Model probability above which threshold_0_5 predicts a product. */
    public static final double FIXED_THRESHOLD = 0.5;

    /** Equal-width bins of the calibration plot. */
    static final int CALIBRATION_BINS = 10;

    /** At most about this many points are kept of the precision-recall curve: enough to draw it. */
    static final int CURVE_POINTS = 250;

    /** Probabilities are clipped this far from 0 and 1 in the log-loss, as XGBoost's own metric does. */
    static final double LOGLOSS_EPSILON = 1e-15;

    /** Upper bounds (inclusive) of the true-basket-size groups; the last group is open. */
    private static final int[] SIZE_GROUP_UPPER = {0, 1, 3, 6, 10};

    private Evaluator() {
    }

    /**
     * @param runId           the run evaluated
     * @param orders          the validation orders with the model's probabilities
     * @param histories       each validation user's history, by user id
     * @param popularProducts every product, most bought (by all users, in prior orders) first;
     *                        only the head of it is read
     * @param importance      the model's feature importance (gain), any order
     */
    public static EvaluationReport evaluate(String runId, List<ValidationOrder> orders, Map<Long, UserHistory> histories,
                                            List<Long> popularProducts, List<FeatureGain> importance) {
        return evaluate(runId, orders, histories, popularProducts, importance, Map.of());
    }

    /**
     * @param targets each validation order's whole target basket, by order id; empty leaves out the
     *                next-basket metrics
     */
    public static EvaluationReport evaluate(String runId, List<ValidationOrder> orders, Map<Long, UserHistory> histories,
                                            List<Long> popularProducts, List<FeatureGain> importance,
                                            Map<Long, Set<Long>> targets) {
        if (orders.isEmpty()) {
            throw new IllegalArgumentException("run " + runId + ": no validation orders to evaluate");
        }
        Map<Baseline, Double> f1Sums = new EnumMap<>(Baseline.class);
        Map<Baseline, RankingSums> rankingSums = new EnumMap<>(Baseline.class);
        for (Baseline baseline : Baseline.values()) {
            f1Sums.put(baseline, 0.0);
            if (baseline.ranks()) {
                rankingSums.put(baseline, new RankingSums());
            }
        }
        double modelF1Sum = 0.0;
        RankingSums modelRanking = new RankingSums();
        List<GroupSums> groups = new ArrayList<>();
        for (int i = 0; i <= SIZE_GROUP_UPPER.length; i++) {
            groups.add(new GroupSums());
        }
        Map<NextBasketRanker, NextBasketSums> nextBasketSums = new EnumMap<>(NextBasketRanker.class);
        for (NextBasketRanker ranker : NextBasketRanker.values()) {
            nextBasketSums.put(ranker, new NextBasketSums());
        }
        UserKnn userKnn = targets.isEmpty() ? null : new UserKnn(histories);
        long candidates = 0;
        long labelled = 0;
        long positives = 0;
        int noneOrders = 0;
        long modelBasketTotal = 0;
        int modelChoseNone = 0;

        for (ValidationOrder order : orders) {
            UserHistory history = histories.get(order.userId());
            if (history == null) {
                throw new IllegalArgumentException("user " + order.userId() + " has a validation order but no prior history");
            }
            Set<Long> bought = new HashSet<>(history.byFrequency());
            ValidationOrder all = order;
            order = order.restrictedTo(bought);
            Set<Long> truth = truth(order);
            candidates += all.candidates();
            labelled += truth(all).size();
            positives += truth.size();
            noneOrders += truth.isEmpty() ? 1 : 0;

            ExpectedF1Basket.Choice choice = ExpectedF1Basket.choose(order.probabilities());
            Set<Long> modelBasket = new HashSet<>();
            for (int index : choice.chosen()) {
                modelBasket.add(order.productIds()[index]);
            }
            modelBasketTotal += modelBasket.size();
            modelChoseNone += modelBasket.isEmpty() ? 1 : 0;
            double modelF1 = BasketF1.f1(modelBasket, truth);
            modelF1Sum += modelF1;

            Map<Baseline, Double> baselineF1 = new EnumMap<>(Baseline.class);
            for (Baseline baseline : Baseline.values()) {
                double f1 = BasketF1.f1(basket(baseline, order, history, popularProducts), truth);
                baselineF1.put(baseline, f1);
                f1Sums.merge(baseline, f1, Double::sum);
            }
            groups.get(sizeGroup(truth.size())).add(modelF1, baselineF1);

            if (!truth.isEmpty()) {
                modelRanking.add(byProbability(order), truth);
                for (Map.Entry<Baseline, RankingSums> entry : rankingSums.entrySet()) {
                    entry.getValue().add(ranking(entry.getKey(), history, popularProducts), truth);
                }
            }

            if (!targets.isEmpty()) {
                Set<Long> target = targets.get(all.orderId());
                if (target == null || target.isEmpty()) {
                    throw new IllegalArgumentException("validation order " + all.orderId() + " of user " + all.userId()
                            + " has no target basket: the join writes one for every validation order");
                }
                for (NextBasketRanker ranker : NextBasketRanker.values()) {
                    List<Long> ranked = switch (ranker) {
                        case MODEL -> byProbability(all);
                        case P_TOPFREQ -> ranking(Baseline.P_TOPFREQ, history, popularProducts);
                        case G_TOPFREQ -> ranking(Baseline.G_TOPFREQ, history, popularProducts);
                        case GP_TOPFREQ -> ranking(Baseline.GP_TOPFREQ, history, popularProducts);
                        case USER_KNN -> userKnn.ranking(all.userId(), RankingScores.LONG_LIST);
                    };
                    nextBasketSums.get(ranker).add(ranked, target, bought);
                }
            }
        }

        int n = orders.size();
        Scored scored = Scored.of(orders);
        ModelScores model = new ModelScores(modelF1Sum / n, scored.auc(), scored.logloss(), modelRanking.mean());
        Map<Baseline, BaselineScores> baselines = new EnumMap<>(Baseline.class);
        for (Baseline baseline : Baseline.values()) {
            RankingSums sums = rankingSums.get(baseline);
            baselines.put(baseline, new BaselineScores(f1Sums.get(baseline) / n, sums == null ? null : sums.mean()));
        }
        Map<NextBasketRanker, NextBasketScores> nextBasket = new EnumMap<>(NextBasketRanker.class);
        if (!targets.isEmpty()) {
            nextBasketSums.forEach((ranker, sums) -> nextBasket.put(ranker, sums.scores()));
        }
        EvaluationReport.Summary summary = new EvaluationReport.Summary(n, candidates,
                candidates == 0 ? 0.0 : (double) labelled / candidates, noneOrders, (double) positives / n,
                (double) modelBasketTotal / n, modelChoseNone);
        List<BasketSizeGroup> sizeGroups = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).orders > 0) {
                sizeGroups.add(groups.get(i).toGroup(sizeGroupLabel(i)));
            }
        }
        List<FeatureGain> sortedImportance = importance.stream()
                .sorted(Comparator.comparingDouble(FeatureGain::gain).reversed()).toList();
        return new EvaluationReport(runId, new EvaluationMetrics(model, baselines, nextBasket), summary,
                scored.precisionRecall(), scored.calibration(), sizeGroups, sortedImportance);
    }

    static Set<Long> truth(ValidationOrder order) {
        Set<Long> truth = new HashSet<>();
        for (int i = 0; i < order.candidates(); i++) {
            if (order.reordered()[i]) {
                truth.add(order.productIds()[i]);
            }
        }
        return truth;
    }

    /** A baseline's predicted basket for one order (empty means "None"). */
    static Set<Long> basket(Baseline baseline, ValidationOrder order, UserHistory history, List<Long> popular) {
        int k = history.basketSize();
        return switch (baseline) {
            case REPEAT_LAST_ORDER -> new LinkedHashSet<>(history.lastOrder());
            case P_TOPFREQ -> new LinkedHashSet<>(head(history.byFrequency(), k));
            case G_TOPFREQ -> new LinkedHashSet<>(head(popular, k));
            case GP_TOPFREQ -> new LinkedHashSet<>(personalThenGlobal(history, popular, k));
            case THRESHOLD_0_5 -> {
                Set<Long> chosen = new LinkedHashSet<>();
                for (int i = 0; i < order.candidates(); i++) {
                    if (order.probabilities()[i] > FIXED_THRESHOLD) {
                        chosen.add(order.productIds()[i]);
                    }
                }
                yield chosen;
            }
        };
    }

    /** A ranking baseline's list, best first, as long as the longer cut-off. */
    static List<Long> ranking(Baseline baseline, UserHistory history, List<Long> popular) {
        int length = RankingScores.LONG_LIST;
        return switch (baseline) {
            case P_TOPFREQ -> head(history.byFrequency(), length);
            case G_TOPFREQ -> head(popular, length);
            case GP_TOPFREQ -> personalThenGlobal(history, popular, length);
            default -> throw new IllegalArgumentException(baseline.key() + " is a basket, not a ranking");
        };
    }

    /** The candidates, most probable first (ties by product id, so the order is deterministic). */
    static List<Long> byProbability(ValidationOrder order) {
        double[] p = order.probabilities();
        long[] ids = order.productIds();
        return IntStream.range(0, order.candidates()).boxed()
                .sorted((a, b) -> {
                    int byP = Double.compare(p[b], p[a]);
                    return byP != 0 ? byP : Long.compare(ids[a], ids[b]);
                })
                .limit(RankingScores.LONG_LIST)
                .map(i -> ids[i]).toList();
    }

    private static List<Long> personalThenGlobal(UserHistory history, List<Long> popular, int length) {
        LinkedHashSet<Long> list = new LinkedHashSet<>(head(history.byFrequency(), length));
        for (Long product : popular) {
            if (list.size() >= length) {
                break;
            }
            list.add(product);
        }
        return new ArrayList<>(list);
    }

    private static List<Long> head(List<Long> list, int length) {
        return list.subList(0, Math.min(length, list.size()));
    }

    private static int sizeGroup(int truthSize) {
        for (int i = 0; i < SIZE_GROUP_UPPER.length; i++) {
            if (truthSize <= SIZE_GROUP_UPPER[i]) {
                return i;
            }
        }
        return SIZE_GROUP_UPPER.length;
    }

    private static String sizeGroupLabel(int group) {
        if (group == 0) {
            return "None";
        }
        if (group == SIZE_GROUP_UPPER.length) {
            return (SIZE_GROUP_UPPER[group - 1] + 1) + "+";
        }
        int from = SIZE_GROUP_UPPER[group - 1] + 1;
        int to = SIZE_GROUP_UPPER[group];
        return from == to ? Integer.toString(from) : from + "-" + to;
    }

    private static final class RankingSums {
        private int orders;
        private double recall10, recall20, ndcg10, ndcg20, phr10, phr20;

        void add(List<Long> ranked, Set<Long> truth) {
            orders++;
            recall10 += RankingMetrics.recallAt(ranked, truth, RankingScores.SHORT_LIST);
            recall20 += RankingMetrics.recallAt(ranked, truth, RankingScores.LONG_LIST);
            ndcg10 += RankingMetrics.ndcgAt(ranked, truth, RankingScores.SHORT_LIST);
            ndcg20 += RankingMetrics.ndcgAt(ranked, truth, RankingScores.LONG_LIST);
            phr10 += RankingMetrics.hitRatioAt(ranked, truth, RankingScores.SHORT_LIST);
            phr20 += RankingMetrics.hitRatioAt(ranked, truth, RankingScores.LONG_LIST);
        }

        RankingScores mean() {
            if (orders == 0) {
                return new RankingScores(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            return new RankingScores(recall10 / orders, recall20 / orders, ndcg10 / orders, ndcg20 / orders,
                    phr10 / orders, phr20 / orders);
        }
    }

    /** One ranker's sums against the whole target and its repeat and explore parts. */
    private static final class NextBasketSums {
        private final RankingSums whole = new RankingSums();
        private final RankingSums repeat = new RankingSums();
        private final RankingSums explore = new RankingSums();

        void add(List<Long> ranked, Set<Long> target, Set<Long> bought) {
            Set<Long> repeatPart = new HashSet<>();
            Set<Long> explorePart = new HashSet<>();
            for (Long product : target) {
                (bought.contains(product) ? repeatPart : explorePart).add(product);
            }
            whole.add(ranked, target);
            if (!repeatPart.isEmpty()) {
                repeat.add(ranked, repeatPart);
            }
            if (!explorePart.isEmpty()) {
                explore.add(ranked, explorePart);
            }
        }

        NextBasketScores scores() {
            return new NextBasketScores(whole.mean(), repeat.mean(), explore.mean(), repeat.orders, explore.orders);
        }
    }

    private static final class GroupSums {
        private int orders;
        private double model;
        private final Map<Baseline, Double> baselines = new EnumMap<>(Baseline.class);

        void add(double modelF1, Map<Baseline, Double> baselineF1) {
            orders++;
            model += modelF1;
            baselineF1.forEach((baseline, f1) -> baselines.merge(baseline, f1, Double::sum));
        }

        BasketSizeGroup toGroup(String label) {
            Map<Baseline, Double> means = new EnumMap<>(Baseline.class);
            baselines.forEach((baseline, sum) -> means.put(baseline, sum / orders));
            return new BasketSizeGroup(label, orders, model / orders, means);
        }
    }

    /**
     * Every candidate's probability and label, sorted by probability: AUC, log-loss, the
     * precision-recall curve and calibration come from one sort.
     */
    private record Scored(long[] sorted, double logloss, double[] binPredictedSums, long[] binCounts, long[] binPositives) {

        /** A candidate as one sortable long: the probability's float bits (monotonic for p >= 0), then the label bit. */
        static Scored of(List<ValidationOrder> orders) {
            int total = orders.stream().mapToInt(ValidationOrder::candidates).sum();
            long[] keys = new long[total];
            double loglossSum = 0.0;
            double[] binSums = new double[CALIBRATION_BINS];
            long[] binCounts = new long[CALIBRATION_BINS];
            long[] binPositives = new long[CALIBRATION_BINS];
            int next = 0;
            for (ValidationOrder order : orders) {
                for (int i = 0; i < order.candidates(); i++) {
                    double p = order.probabilities()[i];
                    boolean label = order.reordered()[i];
                    // XGBoost predicts in float; comparing at float precision loses nothing it said.
                    keys[next++] = ((long) Float.floatToIntBits((float) p + 0.0f) << 1) | (label ? 1 : 0);
                    double clipped = Math.min(Math.max(p, LOGLOSS_EPSILON), 1 - LOGLOSS_EPSILON);
                    loglossSum -= label ? Math.log(clipped) : Math.log(1 - clipped);
                    int bin = Math.min(CALIBRATION_BINS - 1, (int) (p * CALIBRATION_BINS));
                    binSums[bin] += p;
                    binCounts[bin]++;
                    binPositives[bin] += label ? 1 : 0;
                }
            }
            Arrays.sort(keys);
            return new Scored(keys, total == 0 ? Double.NaN : loglossSum / total, binSums, binCounts, binPositives);
        }

        private static float probability(long key) {
            return Float.intBitsToFloat((int) (key >>> 1));
        }

        private static boolean label(long key) {
            return (key & 1) == 1;
        }

        /** Mann-Whitney: tied probabilities share their mean rank. */
        double auc() {
            long positives = 0;
            double positiveRankSum = 0.0;
            int i = 0;
            while (i < sorted.length) {
                int j = i;
                long tiedPositives = 0;
                while (j < sorted.length && (sorted[j] >>> 1) == (sorted[i] >>> 1)) {
                    tiedPositives += label(sorted[j]) ? 1 : 0;
                    j++;
                }
                double meanRank = (i + 1 + j) / 2.0;   // ranks i+1..j
                positiveRankSum += meanRank * tiedPositives;
                positives += tiedPositives;
                i = j;
            }
            long negatives = sorted.length - positives;
            if (positives == 0 || negatives == 0) {
                return Double.NaN;
            }
            return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
        }

        List<PrecisionRecallPoint> precisionRecall() {
            long allPositives = 0;
            for (long key : sorted) {
                allPositives += label(key) ? 1 : 0;
            }
            List<PrecisionRecallPoint> points = new ArrayList<>();
            if (allPositives == 0) {
                return points;
            }
            long truePositives = 0;
            long predicted = 0;
            double lastKeptRecall = -1.0;
            int i = sorted.length - 1;
            while (i >= 0) {
                int j = i;
                while (j >= 0 && (sorted[j] >>> 1) == (sorted[i] >>> 1)) {
                    truePositives += label(sorted[j]) ? 1 : 0;
                    predicted++;
                    j--;
                }
                double recall = (double) truePositives / allPositives;
                boolean last = j < 0;
                if (recall - lastKeptRecall >= 1.0 / CURVE_POINTS || last) {
                    points.add(new PrecisionRecallPoint(probability(sorted[i]), (double) truePositives / predicted, recall));
                    lastKeptRecall = recall;
                }
                i = j;
            }
            return points;
        }

        List<CalibrationBin> calibration() {
            List<CalibrationBin> bins = new ArrayList<>();
            for (int b = 0; b < CALIBRATION_BINS; b++) {
                long count = binCounts[b];
                bins.add(new CalibrationBin((double) b / CALIBRATION_BINS, (double) (b + 1) / CALIBRATION_BINS, count,
                        count == 0 ? Double.NaN : binPredictedSums[b] / count,
                        count == 0 ? Double.NaN : (double) binPositives[b] / count));
            }
            return bins;
        }
    }
}
