package dev.replenish.core.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RankingMetricsTest {

    // Ranked 10, 20, 30, 40; the basket holds 20, 40 and 99 (never recommended).
    private static final List<Long> RANKED = List.of(10L, 20L, 30L, 40L);
    private static final Set<Long> TRUTH = Set.of(20L, 40L, 99L);

    @Test
    void recallCountsHitsInTheTopKOverTheBasketSize() {
        // GIVEN two of three basket items ranked 2nd and 4th
        // THEN recall@2 sees one of three, recall@4 two of three
        assertEquals(1.0 / 3, RankingMetrics.recallAt(RANKED, TRUTH, 2), 1e-12);
        assertEquals(2.0 / 3, RankingMetrics.recallAt(RANKED, TRUTH, 4), 1e-12);
    }

    @Test
    void ndcgDiscountsHitsByPositionAgainstTheIdealOrder() {
        // GIVEN hits at positions 2 and 4 of the top 4, and three relevant items
        // THEN DCG = 1/log2(3) + 1/log2(5); ideal = 1/log2(2) + 1/log2(3) + 1/log2(4)
        double dcg = 1 / (Math.log(3) / Math.log(2)) + 1 / (Math.log(5) / Math.log(2));
        double ideal = 1.0 + 1 / (Math.log(3) / Math.log(2)) + 0.5;
        assertEquals(dcg / ideal, RankingMetrics.ndcgAt(RANKED, TRUTH, 4), 1e-12);
        // AND with K = 1 the ideal has one item and the ranking none
        assertEquals(0.0, RankingMetrics.ndcgAt(RANKED, TRUTH, 1), 1e-12);
    }

    @Test
    void aPerfectRankingHasNdcgOne() {
        // GIVEN the basket ranked first
        // THEN NDCG is 1 whatever K
        assertEquals(1.0, RankingMetrics.ndcgAt(List.of(20L, 40L, 99L, 1L), TRUTH, 10), 1e-12);
    }

    @Test
    void hitRatioIsOneWhenAnyTopKItemIsInTheBasket() {
        assertEquals(0.0, RankingMetrics.hitRatioAt(RANKED, TRUTH, 1));
        assertEquals(1.0, RankingMetrics.hitRatioAt(RANKED, TRUTH, 2));
    }

    @Test
    void aRankingShorterThanKCountsOnlyWhatItHas() {
        // GIVEN one recommendation that is a hit, and K = 10
        // THEN recall is 1 of 3, and nothing fails for the missing positions
        assertEquals(1.0 / 3, RankingMetrics.recallAt(List.of(99L), TRUTH, 10), 1e-12);
    }
}
