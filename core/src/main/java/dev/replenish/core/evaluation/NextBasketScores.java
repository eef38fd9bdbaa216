package dev.replenish.core.evaluation;

/**
 * One ranker's metrics over whole target baskets, as Li et al. (TOIS 2023) report them: Recall,
 * NDCG and PHR at 10 and 20 against every product of the target basket, and the same split into
 * its repeat part (products the user bought before) and its explore part (products new to the
 * user). Each part is averaged over the orders whose target has such products; the ranked list is
 * the same whole list in all three.
 *
 * @param whole   against the whole target basket, over every order
 * @param repeat  against the target's repeat products, over orders that have some
 * @param explore against the target's explore products, over orders that have some
 * @param repeatOrders  orders whose target holds a repeat product
 * @param exploreOrders orders whose target holds an explore product
 */
public record NextBasketScores(RankingScores whole, RankingScores repeat, RankingScores explore,
                               int repeatOrders, int exploreOrders) {
}
