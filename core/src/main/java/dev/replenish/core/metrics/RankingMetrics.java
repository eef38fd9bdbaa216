package dev.replenish.core.metrics;

import java.util.List;
import java.util.Set;

/**
 * Per-user ranking metrics for next-basket recommendation, as defined in Li, Jullien,
 * Ariannezhad and de Rijke, "A Next Basket Recommendation Reality Check" (ACM TOIS 2023), so our
 * figures can be set beside the published ones. Each takes the ranked recommendation (best first)
 * and the items of the user's actual next basket; averaging over users is the caller's.
 */
public final class RankingMetrics {

    private RankingMetrics() {
    }

    /** Recall@K = |top-K ∩ truth| / |truth|; 0 when the truth is empty. */
    public static double recallAt(List<Long> ranked, Set<Long> truth, int k) {
        if (truth.isEmpty()) {
            return 0.0;
        }
        return (double) hitsAt(ranked, truth, k) / truth.size();
    }

    /**
     * NDCG@K with binary relevance: DCG = Σ rel_i / log2(i + 1) over positions i = 1..K, divided by
     * the DCG of an ideal ranking, which puts min(K, |truth|) relevant items first.
     */
    public static double ndcgAt(List<Long> ranked, Set<Long> truth, int k) {
        if (truth.isEmpty()) {
            return 0.0;
        }
        double dcg = 0.0;
        int limit = Math.min(k, ranked.size());
        for (int i = 0; i < limit; i++) {
            if (truth.contains(ranked.get(i))) {
                dcg += 1.0 / log2(i + 2);
            }
        }
        double ideal = 0.0;
        for (int i = 0; i < Math.min(k, truth.size()); i++) {
            ideal += 1.0 / log2(i + 2);
        }
        return dcg / ideal;
    }

    /** PHR@K (personal hit ratio): 1 when any of the top K is in the truth, else 0. */
    public static double hitRatioAt(List<Long> ranked, Set<Long> truth, int k) {
        return hitsAt(ranked, truth, k) > 0 ? 1.0 : 0.0;
    }

    private static int hitsAt(List<Long> ranked, Set<Long> truth, int k) {
        int hits = 0;
        int limit = Math.min(k, ranked.size());
        for (int i = 0; i < limit; i++) {
            if (truth.contains(ranked.get(i))) {
                hits++;
            }
        }
        return hits;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
