package dev.replenish.core.neighbours;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserNeighboursTest {

    private static final double CLOSE = 1e-6;

    private static UserNeighbours.UserVector user(long id, long[] products, double[] weights) {
        return new UserNeighbours.UserVector(id, products, weights);
    }

    private static Map<Long, Double> asMap(UserNeighbours.Votes votes) {
        Map<Long, Double> map = new HashMap<>();
        for (int i = 0; i < votes.products().length; i++) {
            map.put(votes.products()[i], votes.scores()[i]);
        }
        return map;
    }

    /** Users 1 and 2 buy milk (10) and bread (11); user 3 buys milk and beer (20); user 4 only nappies (30). */
    private static List<UserNeighbours.UserVector> pool() {
        return List.of(
                user(1, new long[] {10, 11}, new double[] {1, 1}),
                user(2, new long[] {10, 11, 12}, new double[] {2, 2, 4}),
                user(3, new long[] {10, 20}, new double[] {1, 3}),
                user(4, new long[] {30}, new double[] {5}));
    }

    @Test
    void theNearestUserByCosineGivesTheirSharesAsVotes() {
        // GIVEN the pool above
        UserNeighbours neighbours = UserNeighbours.of(pool(), 100);
        // WHEN user 1 asks for one neighbour
        UserNeighbours.Votes votes = neighbours.scorer().votes(pool().get(0), 1);
        // THEN cos(1,2) = (.5*.25 + .5*.25) / (sqrt(.5) * sqrt(.375)) = .577 beats cos(1,3) = .5*.25 / (sqrt(.5) * sqrt(.625)) = .224,
        // so the votes are user 2's shares: 10 and 11 a quarter each, 12 a half
        assertEquals(1, votes.neighbours());
        assertEquals(Map.of(10L, 0.25, 11L, 0.25, 12L, 0.5), asMap(votes));
    }

    @Test
    void votesAreTheMeanOfTheNeighboursSharesAndNeverTheUsersOwn() {
        // GIVEN the pool above
        UserNeighbours neighbours = UserNeighbours.of(pool(), 100);
        // WHEN user 1 asks for three neighbours
        Map<Long, Double> votes = asMap(neighbours.scorer().votes(pool().get(0), 3));
        // THEN only users 2 and 3 share a product with user 1, so the votes are the mean of their two
        // share vectors; user 1's own purchases and user 4 add nothing
        assertEquals(0.25 / 2 + 0.25 / 2, votes.get(10L), CLOSE);
        assertEquals(0.25 / 2, votes.get(11L), CLOSE);
        assertEquals(0.5 / 2, votes.get(12L), CLOSE);
        assertEquals(0.75 / 2, votes.get(20L), CLOSE);
        assertFalse(votes.containsKey(30L));
    }

    @Test
    void aUserOutsideThePoolGetsNeighboursFromIt() {
        // GIVEN the pool above and user 9, not in it, who bought beer only
        UserNeighbours neighbours = UserNeighbours.of(pool(), 100);
        // WHEN user 9 asks for one neighbour
        Map<Long, Double> votes = asMap(neighbours.scorer().votes(user(9, new long[] {20, 99}, new double[] {1, 1}), 1));
        // THEN user 3, the only beer buyer, is the neighbour; product 99, unknown to the pool, is ignored
        assertEquals(Map.of(10L, 0.25, 20L, 0.75), votes);
    }

    @Test
    void theBuyerCapKeepsTheBuyersAProductWeighsMostIn() {
        // GIVEN a cap of one buyer per product: milk (10) weighs .5 in user 1, .25 in user 2, .25 in user 3
        UserNeighbours neighbours = UserNeighbours.of(pool(), 1);
        // WHEN user 9, who bought only milk, asks for a neighbour
        UserNeighbours.Votes votes = neighbours.scorer().votes(user(9, new long[] {10}, new double[] {1}), 3);
        // THEN only milk's kept buyer, user 1, is visited
        assertEquals(1, votes.neighbours());
        assertEquals(Map.of(10L, 0.5, 11L, 0.5), asMap(votes));
    }

    @Test
    void equalCosinesPreferTheSmallerUserIdAndTheScorerForgetsThePreviousUser() {
        // GIVEN users 5 and 6 with identical vectors
        List<UserNeighbours.UserVector> pool = List.of(
                user(6, new long[] {1, 3}, new double[] {1, 1}),
                user(5, new long[] {1, 2}, new double[] {1, 1}));
        UserNeighbours.Scorer scorer = UserNeighbours.of(pool, 100).scorer();
        // WHEN user 7 (product 1) asks for one neighbour, twice in a row
        UserNeighbours.Votes first = scorer.votes(user(7, new long[] {1}, new double[] {1}), 1);
        UserNeighbours.Votes again = scorer.votes(user(7, new long[] {1}, new double[] {1}), 1);
        // THEN user 5 wins the tie, and scratch state from the first call does not leak into the second
        assertEquals(Map.of(1L, 0.5, 2L, 0.5), asMap(first));
        assertEquals(asMap(first), asMap(again));
    }

    @Test
    void aUserWithNoSharedProductHasNoNeighbours() {
        // GIVEN the pool WHEN user 4 (nappies only, bought by nobody else) asks
        UserNeighbours.Votes votes = UserNeighbours.of(pool(), 100).scorer().votes(pool().get(3), 5);
        // THEN there is no neighbour and no vote
        assertEquals(0, votes.neighbours());
        assertTrue(asMap(votes).isEmpty());
    }

    @Test
    void aNonPositiveWeightIsRefusedNamingTheUser() {
        // GIVEN a vector with a zero weight WHEN the pool is built THEN the error names the user
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> UserNeighbours.of(List.of(user(42, new long[] {1}, new double[] {0})), 10));
        assertTrue(error.getMessage().contains("user 42"), error.getMessage());
    }
}
