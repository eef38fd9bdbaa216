package dev.replenish.core.evaluation;

/**
 * Mean ranking metrics at the report's two cut-offs, as defined in "A Next Basket Recommendation
 * Reality Check" (Li et al., TOIS 2023), averaged over orders with at least one re-ordered product
 * (recall is undefined for an empty truth).
 */
public record RankingScores(double recallAt10, double recallAt20, double ndcgAt10, double ndcgAt20,
                            double phrAt10, double phrAt20) {

    /** The cut-offs, small and large. */
    public static final int SHORT_LIST = 10;
    public static final int LONG_LIST = 20;
}
