package dev.replenish.core.nextbasket;

/**
 * The features of one (user, candidate item) pair, in the column order of a candidate row. Every
 * feature reads the user's history, the histories of all users, or out-of-fold statistics of
 * training users' targets; none reads the user's own target. Missing values are NaN.
 */
public enum CandidateFeature {
    /** History baskets of the user that hold the item (0 for an explore candidate). */
    USER_ITEM_BASKETS,
    /** That count divided by the user's history length. */
    USER_ITEM_SHARE,
    /** 1 when the item is in the user's latest history basket, 2 for the one before, ...; NaN if never bought. */
    BASKETS_SINCE_LAST_PURCHASE,
    /** Recency-weighted frequency: sum of decay^k over the user's baskets with the item, k baskets before the latest. */
    USER_ITEM_RECENCY_WEIGHT,
    /** Mean baskets between the user's purchases of the item; NaN with fewer than two purchases. */
    USER_ITEM_MEAN_GAP,
    /** Baskets since last purchase divided by the mean gap: above 1 the item is "due". NaN like the gap. */
    USER_ITEM_DUE_RATIO,
    /** Share of all history baskets that hold the item. */
    ITEM_BASKET_SHARE,
    /** Share of users whose latest history basket holds the item: popularity near the end of the data. */
    ITEM_LATEST_BASKET_SHARE,
    /** Of users who bought the item, the share who bought it in two or more history baskets. */
    ITEM_HISTORY_REPEAT_RATE,
    /** Share of training users' targets (out of fold) that hold the item: popularity at target time. */
    ITEM_TARGET_SHARE,
    /** Of training users who had bought the item, the share whose target holds it (out of fold, smoothed). */
    ITEM_TARGET_REPEAT_RATE,
    /** Of training users who never bought the item, the share whose target holds it (out of fold, smoothed). */
    ITEM_TARGET_EXPLORE_RATE,
    /** Similarity of the item to the user's items, weighted by their recency weight (co-purchase). */
    CO_PURCHASE_SCORE,
    /** Mean similarity of the item to the items of the user's latest basket. */
    CO_PURCHASE_LATEST_BASKET,
    /** Votes of the most similar users for the item. */
    NEIGHBOUR_SCORE,
    /** Rank of the neighbour score among the user's items (1 = best); NaN when no neighbour voted. */
    NEIGHBOUR_RANK,
    /** Rank of the co-purchase score among the user's items (1 = best); NaN when no similar item. */
    CO_PURCHASE_RANK,
    /** The user's history length in baskets. */
    USER_BASKETS,
    /** The user's mean basket size. */
    USER_MEAN_BASKET_SIZE,
    /** Size of the user's latest history basket. */
    USER_LATEST_BASKET_SIZE,
    /** Distinct items the user bought. */
    USER_DISTINCT_ITEMS,
    /** Share of the user's basket lines (after the first basket) that repeat an earlier purchase. */
    USER_REPEAT_RATIO;

    public static final int COUNT = values().length;

    /** The column name: the constant's name in lower case. */
    public String columnName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
