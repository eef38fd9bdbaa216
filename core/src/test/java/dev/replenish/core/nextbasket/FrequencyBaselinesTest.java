package dev.replenish.core.nextbasket;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A hand-written data set of three users, with every count, ranking and metric worked out by hand.
 *
 * <pre>
 * user 1: history [1,2] [2,3]       target [3,4]
 * user 2: history [2,5] [5]         target [5,1]
 * user 3: history [4] [4,6] [6,1]   target [7]
 * </pre>
 *
 * History baskets holding each item: 2 → 3; 1, 4, 5, 6 → 2 each; 3 → 1. Targets are not counted.
 */
class FrequencyBaselinesTest {

    private static final NextBasketCase USER_1 = new NextBasketCase(1, List.of(List.of(1L, 2L), List.of(2L, 3L)), List.of(3L, 4L));
    private static final NextBasketCase USER_2 = new NextBasketCase(2, List.of(List.of(2L, 5L), List.of(5L)), List.of(5L, 1L));
    private static final NextBasketCase USER_3 = new NextBasketCase(3, List.of(List.of(4L), List.of(4L, 6L), List.of(6L, 1L)), List.of(7L));
    private static final FrequencyBaselines BASELINES = FrequencyBaselines.fromHistories(List.of(USER_1, USER_2, USER_3));

    @Test
    void globalTopFreqRanksByHistoryBasketsThenBySmallerId() {
        // WHEN the global ranking is asked for
        // THEN 2 (3 baskets) leads, the four items with 2 baskets follow by id, then 3
        assertEquals(List.of(2L, 1L, 4L, 5L, 6L, 3L), BASELINES.global(20));
        assertEquals(List.of(2L, 1L), BASELINES.global(2));
    }

    @Test
    void personalTopFreqRanksTheUsersOwnItemsAndBreaksTiesBySmallerId() {
        // GIVEN user 1 bought 2 twice, 1 and 3 once
        // THEN 2 first, then 1 before 3
        assertEquals(List.of(2L, 1L, 3L), FrequencyBaselines.personal(USER_1, 20));
        // AND user 3's 4 and 6 tie at two baskets: 4 first
        assertEquals(List.of(4L, 6L, 1L), FrequencyBaselines.personal(USER_3, 20));
    }

    @Test
    void personalThenGlobalFillsWithPopularItemsTheUserNeverBought() {
        // GIVEN user 1's own items [2, 1, 3]
        // WHEN five items are asked for
        // THEN the global ranking fills in 4 and 5, skipping 2 and 1 already present
        assertEquals(List.of(2L, 1L, 3L, 4L, 5L), BASELINES.personalThenGlobal(USER_1, 5));
        // AND a short list is cut to k
        assertEquals(List.of(2L, 1L), BASELINES.personalThenGlobal(USER_1, 2));
    }

    @Test
    void theBaselinesMetricsMatchTheHandComputation() {
        // GIVEN user 1's target {3, 4}
        Set<Long> truth = Set.of(3L, 4L);
        // WHEN P-TopFreq [2, 1, 3] is scored: one hit (3) at rank 3
        RankingQuality personal = new RankingQuality.Accumulator().add(FrequencyBaselines.personal(USER_1, 20), truth).average();
        // THEN recall 1/2, NDCG (1/log2 4) / (1 + 1/log2 3) = 0.5 / 1.63093, PHR 1
        assertEquals(0.5, personal.recallAt10(), 1e-12);
        assertEquals(0.5 / (1 + 1 / log2(3)), personal.ndcgAt10(), 1e-12);
        assertEquals(1.0, personal.phrAt10());
        // WHEN G-TopFreq [2, 1, 4, 5, 6, 3] is scored: hits at ranks 3 and 6
        RankingQuality global = new RankingQuality.Accumulator().add(BASELINES.global(20), truth).average();
        // THEN recall 1, NDCG (1/log2 4 + 1/log2 7) / (1 + 1/log2 3)
        assertEquals(1.0, global.recallAt20(), 1e-12);
        assertEquals((0.5 + 1 / log2(7)) / (1 + 1 / log2(3)), global.ndcgAt20(), 1e-12);
    }

    @Test
    void personalThenGlobalPutsTheUsersMostFrequentItemFirst() {
        // GIVEN user 2 bought 5 in both baskets and 2 once
        // THEN 5, 2, then the global ranking without them
        assertEquals(List.of(5L, 2L, 1L, 4L, 6L, 3L), BASELINES.personalThenGlobal(USER_2, 20));
    }

    @Test
    void qualityIsTheMeanOverUsers() {
        // GIVEN GP-TopFreq for user 2 ([5, 2, 1, 4, 6, 3]: hits 5 and 1 of target {5, 1}) and user 3 (no 7 anywhere)
        RankingQuality quality = new RankingQuality.Accumulator()
                .add(BASELINES.personalThenGlobal(USER_2, 20), Set.of(5L, 1L))
                .add(BASELINES.personalThenGlobal(USER_3, 20), Set.of(7L))
                .average();
        // THEN recall is (1 + 0) / 2, PHR (1 + 0) / 2, and NDCG (hits at ranks 1 and 3) halves too
        assertEquals(0.5, quality.recallAt10(), 1e-12);
        assertEquals(0.5, quality.phrAt20(), 1e-12);
        double ndcgUser2 = (1 + 1 / log2(4)) / (1 + 1 / log2(3));
        assertEquals(ndcgUser2 / 2, quality.ndcgAt10(), 1e-12);
        assertEquals(2, quality.users());
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
