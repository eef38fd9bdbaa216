package dev.replenish.core.nextbasket;

import dev.replenish.core.config.ReplenishConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.replenish.core.nextbasket.CandidateFeature.BASKETS_SINCE_LAST_PURCHASE;
import static dev.replenish.core.nextbasket.CandidateFeature.CO_PURCHASE_LATEST_BASKET;
import static dev.replenish.core.nextbasket.CandidateFeature.CO_PURCHASE_SCORE;
import static dev.replenish.core.nextbasket.CandidateFeature.ITEM_BASKET_SHARE;
import static dev.replenish.core.nextbasket.CandidateFeature.ITEM_HISTORY_REPEAT_RATE;
import static dev.replenish.core.nextbasket.CandidateFeature.ITEM_LATEST_BASKET_SHARE;
import static dev.replenish.core.nextbasket.CandidateFeature.ITEM_TARGET_EXPLORE_RATE;
import static dev.replenish.core.nextbasket.CandidateFeature.ITEM_TARGET_REPEAT_RATE;
import static dev.replenish.core.nextbasket.CandidateFeature.ITEM_TARGET_SHARE;
import static dev.replenish.core.nextbasket.CandidateFeature.NEIGHBOUR_SCORE;
import static dev.replenish.core.nextbasket.CandidateFeature.USER_ITEM_BASKETS;
import static dev.replenish.core.nextbasket.CandidateFeature.USER_ITEM_DUE_RATIO;
import static dev.replenish.core.nextbasket.CandidateFeature.USER_ITEM_MEAN_GAP;
import static dev.replenish.core.nextbasket.CandidateFeature.USER_ITEM_RECENCY_WEIGHT;
import static dev.replenish.core.nextbasket.CandidateFeature.USER_ITEM_SHARE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Candidates and features on a hand-made split whose numbers are worked out below, and the leak
 * guarantees: no target but a training user's reaches any feature, and a training user's own
 * target never reaches its own features.
 *
 * <pre>
 * train (fold): T1 (0) [1,2] [2] [3,2] → [2,10]     T2 (1) [1] [4] → [10,11]
 *               T3 (0) [2,4] → [11]                T4 (1) [5] → [12]
 * validation:   V  [1,5] → [4]
 * test:         X  [2,3] [1] → [10]
 * </pre>
 */
class BasketSignalsTest {

    private static final double DECAY = 0.5;

    private static ReplenishConfig.NextBasket settings() {
        return settings(true);
    }

    private static ReplenishConfig.NextBasket settings(boolean useTrainingTargets) {
        ReplenishConfig.NextBasket defaults = ReplenishConfig.defaults().nextBasket();
        return new ReplenishConfig.NextBasket(0.72, 0.08, new ReplenishConfig.Candidates(100, 60, 40, 40),
                new ReplenishConfig.Signals(DECAY, 100, 300, 2, useTrainingTargets), defaults.ranker());
    }

    private static NextBasketCase user(long id, List<Long> target, List<List<Long>> history) {
        return new NextBasketCase(id, history, target);
    }

    private static final NextBasketCase T1 = user(1, List.of(2L, 10L), List.of(List.of(1L, 2L), List.of(2L), List.of(3L, 2L)));
    private static final NextBasketCase T2 = user(2, List.of(10L, 11L), List.of(List.of(1L), List.of(4L)));
    private static final NextBasketCase T3 = user(3, List.of(11L), List.of(List.of(2L, 4L)));
    private static final NextBasketCase T4 = user(4, List.of(12L), List.of(List.of(5L)));
    private static final NextBasketCase V = user(5, List.of(4L), List.of(List.of(1L, 5L)));
    private static final NextBasketCase X = user(6, List.of(10L), List.of(List.of(2L, 3L), List.of(1L)));
    private static final UserSplit SPLIT = new UserSplit(0, List.of(T1, T2, T3, T4), List.of(V), List.of(X));

    private static float feature(CandidateSet set, long item, CandidateFeature feature) {
        for (int c = 0; c < set.size(); c++) {
            if (set.items()[c] == item) {
                return set.feature(c, feature);
            }
        }
        throw new AssertionError("item " + item + " is not a candidate of user " + set.userId());
    }

    @Test
    void repeatFeaturesDescribeTheUsersOwnPurchases() {
        // GIVEN T1 bought 2 in all three baskets and 1 in the first only, decay 0.5
        CandidateSet t1 = BasketSignals.compute(SPLIT, settings(), message -> { }).candidatesFor(T1);
        // THEN item 2: 3 baskets, share 1, last bought 1 basket ago, weight 0.25 + 0.5 + 1, gap (2 - 0) / 2 = 1, due 1 / 1
        assertEquals(3f, feature(t1, 2, USER_ITEM_BASKETS));
        assertEquals(1f, feature(t1, 2, USER_ITEM_SHARE));
        assertEquals(1f, feature(t1, 2, BASKETS_SINCE_LAST_PURCHASE));
        assertEquals(1.75f, feature(t1, 2, USER_ITEM_RECENCY_WEIGHT));
        assertEquals(1f, feature(t1, 2, USER_ITEM_MEAN_GAP));
        assertEquals(1f, feature(t1, 2, USER_ITEM_DUE_RATIO));
        // AND item 1: 1 basket of 3, 3 baskets ago, weight 0.25, no gap with one purchase
        assertEquals(1f / 3, feature(t1, 1, USER_ITEM_SHARE), 1e-6);
        assertEquals(3f, feature(t1, 1, BASKETS_SINCE_LAST_PURCHASE));
        assertEquals(0.25f, feature(t1, 1, USER_ITEM_RECENCY_WEIGHT));
        assertTrue(Float.isNaN(feature(t1, 1, USER_ITEM_MEAN_GAP)));
        // AND an explore candidate (10) was never bought: 0 baskets, no "since last"
        assertEquals(0f, feature(t1, 10, USER_ITEM_BASKETS));
        assertTrue(Float.isNaN(feature(t1, 10, BASKETS_SINCE_LAST_PURCHASE)));
    }

    @Test
    void itemFeaturesCountEveryUsersHistory() {
        // GIVEN 10 history baskets in all; item 2 is in 5 of them (T1 ×3, T3, X)
        CandidateSet x = BasketSignals.compute(SPLIT, settings(), message -> { }).candidatesFor(X);
        // THEN its basket share is 5/10, its latest-basket share 2/6 (T1's and T3's latest of six users),
        // and of its 3 buyers (T1, T3, X) only T1 bought it twice: 1/3
        assertEquals(0.5f, feature(x, 2, ITEM_BASKET_SHARE));
        assertEquals(1f / 3, feature(x, 2, ITEM_LATEST_BASKET_SHARE), 1e-6);
        assertEquals(1f / 3, feature(x, 2, ITEM_HISTORY_REPEAT_RATE), 1e-6);
    }

    @Test
    void aTestUserSeesTargetStatisticsOfAllTrainingUsers() {
        CandidateSet x = BasketSignals.compute(SPLIT, settings(), message -> { }).candidatesFor(X);
        // THEN 10 is in 2 of 4 training targets, 12 in 1 of 4
        assertEquals(0.5f, feature(x, 10, ITEM_TARGET_SHARE));
        assertEquals(0.25f, feature(x, 12, ITEM_TARGET_SHARE));
        // AND item 2's repeat rate: 2 training owners (T1, T3), 1 bought it again (T1); the prior is
        // 1 repeat among 8 (owner, item) pairs, weighted as 10 users: (1 + 10/8) / (2 + 10)
        assertEquals((1 + 10.0 / 8) / 12, feature(x, 2, ITEM_TARGET_REPEAT_RATE), 1e-6);
        // AND item 10's explore rate: 2 of 4 non-owners took it; the prior is the 5 explored target
        // lines over 4 users × 8 items − 8 owned pairs = 24: (2 + 10 × 5/24) / (4 + 10)
        assertEquals((2 + 10 * 5.0 / 24) / 14, feature(x, 10, ITEM_TARGET_EXPLORE_RATE), 1e-6);
    }

    @Test
    void aTrainingUserSeesTargetStatisticsOfTheOtherFoldOnly() {
        BasketSignals signals = BasketSignals.compute(SPLIT, settings(), message -> { });
        // GIVEN two folds: T1 and T3 in fold 0, T2 and T4 in fold 1
        CandidateSet t1 = signals.candidatesFor(T1);
        CandidateSet t2 = signals.candidatesFor(T2);
        // THEN T1 sees T2 and T4 only: 10 in 1 of 2, 12 in 1 of 2, and its own 2 in none
        assertEquals(0.5f, feature(t1, 10, ITEM_TARGET_SHARE));
        assertEquals(0.5f, feature(t1, 12, ITEM_TARGET_SHARE));
        assertEquals(0f, feature(t1, 2, ITEM_TARGET_SHARE));
        // AND T2 sees T1 and T3 only: 10 in 1 of 2, 11 in 1 of 2
        assertEquals(0.5f, feature(t2, 10, ITEM_TARGET_SHARE));
        assertEquals(0.5f, feature(t2, 11, ITEM_TARGET_SHARE));
    }

    @Test
    void candidatesAreOwnItemsThenPopularThenCoPurchasedItems() {
        CandidateSet x = BasketSignals.compute(SPLIT, settings(), message -> { }).candidatesFor(X);
        // GIVEN X's own items by recency weight: 1 (1.0), then 2 and 3 (0.5 each, 2 seen first in the data)
        // AND popular targets 10 and 11 (2 each), 2 and 12 (1 each)
        // AND co-purchase: 5 (with 1, in V's basket) and 4 (with 2, in T3's basket)
        // THEN the candidates in that order, each once
        assertArrayEquals(new long[] {1, 2, 3, 10, 11, 12, 5, 4}, x.items());
    }

    @Test
    void withoutTrainingTargetsPopularCandidatesComeFromLatestHistoryBaskets() {
        // GIVEN training targets switched off
        CandidateSet x = BasketSignals.compute(SPLIT, settings(false), message -> { }).candidatesFor(X);
        // AND latest history baskets [3,2] [4] [2,4] [5] [1,5] [1]: 1, 2, 4, 5 in two each, 3 in one
        // THEN X's own items come first, then the popular 4 and 5; no target-only item (10, 11, 12) appears
        assertArrayEquals(new long[] {1, 2, 3, 4, 5}, x.items());
        // AND no target statistic is known
        assertEquals(0f, feature(x, 2, ITEM_TARGET_SHARE));
        assertEquals(0f, feature(x, 4, ITEM_TARGET_EXPLORE_RATE));
    }

    @Test
    void coPurchaseScoresAreCosineSimilaritiesWeightedByTheUsersItems() {
        CandidateSet x = BasketSignals.compute(SPLIT, settings(), message -> { }).candidatesFor(X);
        // GIVEN item 1 is in 4 baskets, 5 in 2, together once: cosine 1 / sqrt(8)
        // AND item 2 is in 5 baskets, 4 in 2, together once: cosine 1 / sqrt(10)
        // AND X's item weights 1, 0.5, 0.5 for items 1, 2, 3 scale to shares 0.5, 0.25, 0.25
        // THEN 5 scores 0.5 / sqrt(8), 4 scores 0.25 / sqrt(10)
        assertEquals(0.5 / Math.sqrt(8), feature(x, 5, CO_PURCHASE_SCORE), 1e-6);
        assertEquals(0.25 / Math.sqrt(10), feature(x, 4, CO_PURCHASE_SCORE), 1e-6);
        // AND X's latest basket is [1] alone: 5's similarity to it is 1 / sqrt(8)
        assertEquals(1 / Math.sqrt(8), feature(x, 5, CO_PURCHASE_LATEST_BASKET), 1e-6);
    }

    @Test
    void similarUsersVoteForItemsTheUserNeverBought() {
        // GIVEN A bought 1 and 2; B bought 1, 2 and 3; C shares nothing with A
        NextBasketCase a = user(1, List.of(9L), List.of(List.of(1L, 2L)));
        NextBasketCase b = user(2, List.of(9L), List.of(List.of(1L, 2L, 3L)));
        NextBasketCase c = user(3, List.of(9L), List.of(List.of(7L, 8L)));
        UserSplit split = new UserSplit(0, List.of(a, b), List.of(c), List.of());
        CandidateSet candidates = BasketSignals.compute(split, settings(), message -> { }).candidatesFor(a);
        // THEN A's only neighbour is B (C shares no item), so 3 gets all of B's vote: B's unit weight 1 / sqrt(3)
        assertEquals(1 / Math.sqrt(3), feature(candidates, 3, NEIGHBOUR_SCORE), 1e-6);
        // AND C's items get no vote
        assertTrue(Arrays.stream(candidates.items()).noneMatch(item -> item == 7 || item == 8));
    }

    /** 120 users with random histories over 40 items. */
    private static UserSplit randomSplit() {
        Random random = new Random(11);
        List<NextBasketCase> users = new ArrayList<>();
        for (long id = 1; id <= 120; id++) {
            List<List<Long>> baskets = new ArrayList<>();
            int count = 2 + random.nextInt(5);
            for (int b = 0; b < count; b++) {
                baskets.add(random.longs(1 + random.nextInt(5), 0, 40).distinct().boxed().toList());
            }
            users.add(NextBasketCase.lastBasketAsTarget(id, baskets));
        }
        return UserSplit.shuffled(users, 3, 0.72, 0.08);
    }

    private static UserSplit withTarget(UserSplit split, NextBasketCase user, List<Long> target) {
        return new UserSplit(split.seed(), replace(split.train(), user, target), replace(split.validation(), user, target),
                replace(split.test(), user, target));
    }

    private static List<NextBasketCase> replace(List<NextBasketCase> users, NextBasketCase user, List<Long> target) {
        return users.stream().map(u -> u.userId() == user.userId() ? u.withTarget(target) : u).toList();
    }

    @Test
    void changingATestUsersLastBasketChangesNoCandidateOrFeatureOfAnyUser() {
        // GIVEN a split, and the same split with one test user's target replaced (including an item no one bought)
        UserSplit split = randomSplit();
        NextBasketCase testUser = split.test().get(0);
        UserSplit changed = withTarget(split, testUser, List.of(5L, 17L, 999L));
        assertNotEquals(testUser.target(), List.of(5L, 17L, 999L));
        // WHEN signals are built from each
        BasketSignals before = BasketSignals.compute(split, settings(), message -> { });
        BasketSignals after = BasketSignals.compute(changed, settings(), message -> { });
        // THEN every user's candidates and features are identical
        for (NextBasketCase user : split.all()) {
            assertEquals(before.candidatesFor(user), after.candidatesFor(user), "user " + user.userId());
        }
    }

    @Test
    void changingAValidationUsersLastBasketChangesNoCandidateOrFeature() {
        UserSplit split = randomSplit();
        NextBasketCase validationUser = split.validation().get(0);
        UserSplit changed = withTarget(split, validationUser, List.of(1L, 2L, 3L, 4L));
        BasketSignals before = BasketSignals.compute(split, settings(), message -> { });
        BasketSignals after = BasketSignals.compute(changed, settings(), message -> { });
        for (NextBasketCase user : split.all()) {
            assertEquals(before.candidatesFor(user), after.candidatesFor(user), "user " + user.userId());
        }
    }

    @Test
    void aTrainingUsersOwnLastBasketNeverReachesItsOwnFeatures() {
        // GIVEN one training user's target replaced
        UserSplit split = randomSplit();
        NextBasketCase trainingUser = split.train().get(0);
        UserSplit changed = withTarget(split, trainingUser, List.of(0L, 1L, 2L, 3L, 4L, 5L));
        BasketSignals before = BasketSignals.compute(split, settings(), message -> { });
        BasketSignals after = BasketSignals.compute(changed, settings(), message -> { });
        // THEN that user's own candidates and features do not move (its fold's statistics exclude it)
        assertEquals(before.candidatesFor(trainingUser), after.candidatesFor(trainingUser));
        // AND the change is visible to test users, who learn from all training targets: the guard above is not vacuous
        boolean someTestUserMoved = split.test().stream()
                .anyMatch(user -> !before.candidatesFor(user).equals(after.candidatesFor(user)));
        assertTrue(someTestUserMoved);
    }
}
