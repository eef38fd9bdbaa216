package dev.replenish.core.nextbasket;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CandidateSetTest {

    private static CandidateSet candidates(long... items) {
        return new CandidateSet(1, items, new float[items.length * CandidateFeature.COUNT]);
    }

    @Test
    void candidatesRankByScoreAndEqualScoresPutTheSmallerIdFirst() {
        // GIVEN items 30, 10, 20 scored 0.5, 0.9, 0.5
        CandidateSet set = candidates(30, 10, 20);
        // THEN 10 leads, and 20 comes before 30 on the tie
        assertEquals(List.of(10L, 20L, 30L), set.rankedBy(new float[] {0.5f, 0.9f, 0.5f}));
    }

    @Test
    void aCandidateIsLabelledOneExactlyWhenTheTargetHoldsIt() {
        CandidateSet set = candidates(30, 10, 20);
        assertArrayEquals(new float[] {0f, 1f, 1f}, set.labels(List.of(20L, 10L, 99L)));
    }

    @Test
    void scoresMustMatchTheCandidates() {
        CandidateSet set = candidates(30, 10);
        assertThrows(IllegalArgumentException.class, () -> set.rankedBy(new float[] {0.1f}));
    }

    @Test
    void featureValuesMustFillEveryRow() {
        assertThrows(IllegalArgumentException.class, () -> new CandidateSet(1, new long[] {1, 2}, new float[3]));
    }
}
