package dev.replenish.core.nextbasket;

import dev.replenish.core.metrics.RankingMetrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The six figures the Reality Check paper reports, each averaged over the users scored: Recall,
 * NDCG and PHR at K = 10 and 20.
 */
public record RankingQuality(double recallAt10, double recallAt20, double ndcgAt10, double ndcgAt20,
                             double phrAt10, double phrAt20, int users) {

    public static final int SHORT_LIST = 10;
    public static final int LONG_LIST = 20;

    /** The metric names, in the order of the report and of the {@code --out} file. */
    public static final List<String> METRIC_NAMES = List.of("recall@10", "recall@20", "ndcg@10", "ndcg@20", "phr@10", "phr@20");

    /** The metrics by name, in {@link #METRIC_NAMES} order. */
    public Map<String, Double> byName() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        double[] values = {recallAt10, recallAt20, ndcgAt10, ndcgAt20, phrAt10, phrAt20};
        for (int i = 0; i < values.length; i++) {
            metrics.put(METRIC_NAMES.get(i), values[i]);
        }
        return metrics;
    }

    /** Sums per-user metrics; {@link #average()} divides by the users added. */
    public static final class Accumulator {
        private final double[] sums = new double[6];
        private int users;

        public Accumulator add(List<Long> ranked, Set<Long> truth) {
            sums[0] += RankingMetrics.recallAt(ranked, truth, SHORT_LIST);
            sums[1] += RankingMetrics.recallAt(ranked, truth, LONG_LIST);
            sums[2] += RankingMetrics.ndcgAt(ranked, truth, SHORT_LIST);
            sums[3] += RankingMetrics.ndcgAt(ranked, truth, LONG_LIST);
            sums[4] += RankingMetrics.hitRatioAt(ranked, truth, SHORT_LIST);
            sums[5] += RankingMetrics.hitRatioAt(ranked, truth, LONG_LIST);
            users++;
            return this;
        }

        public RankingQuality average() {
            if (users == 0) {
                throw new IllegalStateException("no users to average over");
            }
            return new RankingQuality(sums[0] / users, sums[1] / users, sums[2] / users, sums[3] / users,
                    sums[4] / users, sums[5] / users, users);
        }
    }
}
