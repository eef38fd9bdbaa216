package dev.replenish.core.evaluation;

/**
 * The rankers scored on whole next baskets, by their keys in metrics.json's {@code next_basket}
 * section: the model and the next-basket baselines of Li et al., "A Next Basket Recommendation
 * Reality Check" (TOIS 2023).
 */
public enum NextBasketRanker {
    /** Every candidate (repeat and explore) by the model's probability. */
    MODEL,
    /** P-TopFreq: the user's products, most often bought first. */
    P_TOPFREQ,
    /** G-TopFreq: the most bought products of all users. */
    G_TOPFREQ,
    /** GP-TopFreq: P-TopFreq, filled up from G-TopFreq. */
    GP_TOPFREQ,
    /** TIFUKNN-style user-KNN: the user's purchase shares blended with the nearest users'. */
    USER_KNN;

    /** The key in metrics.json: the constant's name in lower case. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
