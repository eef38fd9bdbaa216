package dev.replenish.core.serving;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CandidateExplanationsTest {

    private static final List<String> NAMES = List.of("candidate_from_history", "user_product_times_bought",
            "user_prior_orders", "user_product_purchases_in_last_5_orders", "user_product_mean_days_between_purchases",
            "user_product_days_since_last_purchase", "candidate_from_similar", "candidate_similar_voters",
            "candidate_from_neighbours", "candidate_from_popular", "candidate_from_target_popular", "product_purchases");

    /** A vector with every feature missing but those given as name, value pairs. */
    private static float[] vector(Object... namesAndValues) {
        float[] row = new float[NAMES.size()];
        Arrays.fill(row, Float.NaN);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row[NAMES.indexOf((String) namesAndValues[i])] = ((Number) namesAndValues[i + 1]).floatValue();
        }
        return row;
    }

    private final CandidateExplanations explanations = CandidateExplanations.of(NAMES);

    @Test
    void aProductBoughtOftenIsARepeatWithItsRecentCountRhythmAndLastPurchase() {
        // GIVEN a product bought in 4 of the last 5 of 12 orders, every 7.4 days, last 9 days ago
        float[] row = vector("candidate_from_history", 1, "user_product_times_bought", 9, "user_prior_orders", 12,
                "user_product_purchases_in_last_5_orders", 4, "user_product_mean_days_between_purchases", 7.4,
                "user_product_days_since_last_purchase", 9);
        // WHEN explained THEN it is a repeat, with the three facts in that order
        assertEquals(new CandidateExplanations.Explanation("repeat",
                        "in 4 of your last 5 orders · usually every 7 days · last bought 9 days ago"),
                explanations.explain(row, 0));
    }

    @Test
    void aShortHistoryCountsAllOrdersAndOneDayIsSingular() {
        // GIVEN a user with 3 orders who bought the product in 2, about a day apart, most recently 0.6 days ago
        float[] row = vector("candidate_from_history", 1, "user_product_times_bought", 2, "user_prior_orders", 3,
                "user_product_purchases_in_last_5_orders", 2, "user_product_mean_days_between_purchases", 1.2,
                "user_product_days_since_last_purchase", 1.4);
        // THEN the count is over all 3 orders, the rhythm is daily, and the last purchase rounds to 1 day
        assertEquals("in 2 of your 3 orders · usually every day · last bought 1 day ago", explanations.explain(row, 0).reason());
    }

    @Test
    void aNewItemSaysWhichSourcesProposedIt() {
        // GIVEN a product never bought, proposed by "bought together" (3 of the user's products) and the neighbours
        float[] row = vector("candidate_from_history", 0, "candidate_from_similar", 1, "candidate_similar_voters", 3,
                "candidate_from_neighbours", 1, "candidate_from_popular", 0);
        // THEN it is an explore candidate whose reason names both sources, not the one that did not propose it
        assertEquals(new CandidateExplanations.Explanation("explore",
                        "often bought with 3 of the products you buy · bought by shoppers whose baskets look like yours"),
                explanations.explain(row, 0));
        // AND one voter reads as "a product", and the popularity sources read as such
        assertEquals("often bought with a product you buy · popular in recent orders · often in shoppers' next orders",
                explanations.explain(vector("candidate_from_history", 0, "candidate_from_similar", 1,
                        "candidate_similar_voters", 1, "candidate_from_popular", 1, "candidate_from_target_popular", 1), 0).reason());
    }

    @Test
    void theVectorIsReadAtItsOffsetInTheUsersRows() {
        // GIVEN two rows back to back: a repeat, then a new item
        float[] first = vector("candidate_from_history", 1, "user_product_times_bought", 1, "user_prior_orders", 1);
        float[] second = vector("candidate_from_history", 0, "candidate_from_popular", 1);
        float[] rows = new float[first.length * 2];
        System.arraycopy(first, 0, rows, 0, first.length);
        System.arraycopy(second, 0, rows, first.length, second.length);
        // THEN each is explained from its own row
        assertEquals("in 1 of your 1 order", explanations.explain(rows, 0).reason());
        assertEquals(new CandidateExplanations.Explanation("explore", "popular in recent orders"),
                explanations.explain(rows, first.length));
    }

    @Test
    void aRunWithoutTheseFeaturesCallsEveryCandidateARepeatAndGivesNoReason() {
        // GIVEN a run from before the explore sources, whose features are none of the above
        CandidateExplanations old = CandidateExplanations.of(List.of("product_purchases", "user_reorder_ratio"));
        // THEN its candidates (all the user's own products then) are repeats with an empty reason
        assertEquals(new CandidateExplanations.Explanation("repeat", ""), old.explain(new float[]{12f, 0.5f}, 0));
    }
}
