package dev.replenish.core.metrics;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BasketF1Test {

    @Test
    void partialOverlapIsTheHarmonicMeanOfPrecisionAndRecall() {
        // GIVEN 3 predicted, 2 of them among 4 re-ordered: precision 2/3, recall 1/2
        // THEN F1 = 2 * (2/3 * 1/2) / (2/3 + 1/2) = 4/7
        assertEquals(4.0 / 7, BasketF1.f1(Set.of(1L, 2L, 3L), Set.of(1L, 2L, 8L, 9L)), 1e-12);
    }

    @Test
    void noneIsATokenOfItsOwn() {
        // GIVEN an order without re-orders
        // THEN predicting None scores 1 and predicting products scores 0
        assertEquals(1.0, BasketF1.f1(Set.of(), Set.of()));
        assertEquals(0.0, BasketF1.f1(Set.of(5L), Set.of()));
        // AND predicting None for an order with re-orders scores 0
        assertEquals(0.0, BasketF1.f1(Set.of(), Set.of(5L)));
    }

    @Test
    void disjointSetsScoreZero() {
        assertEquals(0.0, BasketF1.f1(Set.of(1L), Set.of(2L)));
    }
}
