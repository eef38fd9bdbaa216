package dev.replenish.core.nextbasket;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class TopScoresTest {

    @Test
    void keepsTheHighestScoresBestFirst() {
        // GIVEN room for three and five offers
        TopScores top = new TopScores(3);
        top.offer(1, 0.1);
        top.offer(2, 0.9);
        top.offer(3, 0.5);
        top.offer(4, 0.7);
        top.offer(5, 0.2);
        // THEN the three best, best first
        assertArrayEquals(new int[] {2, 4, 3}, top.keys());
        assertArrayEquals(new double[] {0.9, 0.7, 0.5}, top.scores());
    }

    @Test
    void aTieGoesToTheSmallerKeyWhateverTheOrderOfOffers() {
        // GIVEN four keys with equal scores offered in descending key order, room for two
        TopScores top = new TopScores(2);
        for (int key = 9; key >= 6; key--) {
            top.offer(key, 1.0);
        }
        // THEN the two smallest keys are kept
        assertArrayEquals(new int[] {6, 7}, top.keys());
    }

    @Test
    void noRoomKeepsNothing() {
        TopScores top = new TopScores(0);
        top.offer(1, 1.0);
        assertArrayEquals(new int[0], top.keys());
    }
}
