package dev.replenish.core.evaluation;

import dev.replenish.core.evaluation.BaselineInputs.ProductPopularity;
import dev.replenish.core.evaluation.BaselineInputs.UserProductPurchase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BaselineInputsTest {

    @Test
    void historyRanksByTimesBoughtThenRecencyThenIdAndTakesTheLastOrdersProducts() {
        // GIVEN user 1 bought 10 three times (last in order 4), 11 three times (last in order 5, the last),
        // 12 once (in order 5), 13 once (order 2); mean 1.6 re-orders per order
        List<UserProductPurchase> rows = List.of(
                new UserProductPurchase(1, 13, 1, 2, false, 1.6),
                new UserProductPurchase(1, 12, 1, 5, true, 1.6),
                new UserProductPurchase(1, 10, 3, 4, false, 1.6),
                new UserProductPurchase(1, 11, 3, 5, true, 1.6),
                // AND user 2 has only a first order: no re-order rate (SQL NULL)
                new UserProductPurchase(2, 20, 1, 1, true, Double.NaN));
        // WHEN the histories are built
        Map<Long, UserHistory> histories = BaselineInputs.histories(rows);
        // THEN the ranking breaks the 10/11 tie by recency and the 12/13 tie by recency too
        assertEquals(List.of(11L, 10L, 12L, 13L), histories.get(1L).byFrequency());
        assertEquals(List.of(11L, 12L), histories.get(1L).lastOrder());
        // AND k is the rounded mean (1.6 -> 2); unknown means "None" (0)
        assertEquals(2, histories.get(1L).basketSize());
        assertEquals(0, histories.get(2L).basketSize());
        assertEquals(List.of(20L), histories.get(2L).lastOrder());
    }

    @Test
    void popularityKeepsAsManyProductsAsTheLongestListNeedsMostBoughtFirst() {
        // GIVEN 30 products, product i bought (i % 7) times, and a user whose k is 25
        List<ProductPopularity> all = new ArrayList<>();
        for (long id = 1; id <= 30; id++) {
            all.add(new ProductPopularity(id, id % 7));
        }
        Map<Long, UserHistory> histories = Map.of(1L, new UserHistory(1, List.of(), List.of(), 25));
        // WHEN the popular products are taken
        List<Long> popular = BaselineInputs.popularProducts(all, histories);
        // THEN there are 25 (k > the 20 of the longer ranking cut-off), the 6-times products first by id
        assertEquals(25, popular.size());
        assertEquals(List.of(6L, 13L, 20L, 27L, 5L), popular.subList(0, 5));
        // AND with small baskets the ranking cut-off decides the length
        assertEquals(RankingScores.LONG_LIST, BaselineInputs.popularProducts(all,
                Map.of(1L, new UserHistory(1, List.of(), List.of(), 3))).size());
    }
}
