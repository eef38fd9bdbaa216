package dev.replenish.core.evaluation;

/**
 * The rankers scored on whole next baskets (metrics.json's {@code next_basket} section): the model
 * and the next-basket baselines of Li et al., "A Next Basket Recommendation Reality Check" (TOIS 2023).
 */
public enum NextBasketRanker {
    /** Every candidate (repeat and explore) by the model's probability. */
    MODEL("model", "Model"),
    /** The user's products, most often bought first. */
    P_TOPFREQ("p_topfreq", "P-TopFreq"),
    /** The most bought products of all users. */
    G_TOPFREQ("g_topfreq", "G-TopFreq"),
    /** P-TopFreq, filled up from G-TopFreq. */
    GP_TOPFREQ("gp_topfreq", "GP-TopFreq"),
    /** TIFUKNN-style user-KNN: the user's frequency vector blended with the nearest users'. */
    USER_KNN("user_knn", "User-KNN (TIFUKNN-style)");

    private final String key;
    private final String title;

    NextBasketRanker(String key, String title) {
        this.key = key;
        this.title = title;
    }

    public String key() {
        return key;
    }

    public String title() {
        return title;
    }
}
