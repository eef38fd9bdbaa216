package dev.replenish.core.evaluation;

/** The baselines every model is compared with, by their keys in metrics.json. */
public enum Baseline {
    /** The user's last prior order, again. */
    REPEAT_LAST_ORDER("repeat_last_order", "Repeat last order", false),
    /** P-TopFreq: the user's k most frequently bought products. */
    P_TOPFREQ("p_topfreq", "P-TopFreq (personal top-k)", true),
    /** G-TopFreq: the k most popular products of all users. */
    G_TOPFREQ("g_topfreq", "G-TopFreq (global top-k)", true),
    /** GP-TopFreq: personal top-k, filled up from the global ranking when the user has fewer than k products. */
    GP_TOPFREQ("gp_topfreq", "GP-TopFreq (personal, then global)", true),
    /** The model's products with probability above one half; its ranking is the model's own. */
    THRESHOLD_0_5("threshold_0_5", "Model, p > 0.5", false);

    private final String key;
    private final String title;
    private final boolean ranks;

    Baseline(String key, String title, boolean ranks) {
        this.key = key;
        this.title = title;
        this.ranks = ranks;
    }

    public String key() {
        return key;
    }

    public String title() {
        return title;
    }

    /** Whether the baseline is a ranking (so gets Recall/NDCG/PHR@K), not only a basket. */
    public boolean ranks() {
        return ranks;
    }
}
