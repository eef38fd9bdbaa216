package dev.replenish.core.nextbasket;

import java.util.List;

/**
 * One user under the next-basket protocol: the baskets before the last one are the history every
 * signal may read; the last basket is the target, which only labels training users and scores
 * validation and test users.
 *
 * @param userId  the user's id in the input
 * @param history the earlier baskets, oldest first; each basket lists distinct items
 * @param target  the user's last basket (distinct items)
 */
public record NextBasketCase(long userId, List<List<Long>> history, List<Long> target) {

    public NextBasketCase {
        history = history.stream().map(List::copyOf).toList();
        target = List.copyOf(target);
        if (history.isEmpty()) {
            throw new IllegalArgumentException("user " + userId + ": a next-basket case needs at least one history basket");
        }
        if (target.isEmpty()) {
            throw new IllegalArgumentException("user " + userId + ": the target basket is empty");
        }
        for (int b = 0; b <= history.size(); b++) {
            List<Long> basket = b < history.size() ? history.get(b) : target;
            if (new java.util.HashSet<>(basket).size() != basket.size()) {
                throw new IllegalArgumentException("user " + userId + ", basket " + (b + 1) + ": an item appears twice");
            }
        }
    }

    /** Splits a user's baskets (oldest first, at least two) into history and the last basket as target. */
    public static NextBasketCase lastBasketAsTarget(long userId, List<List<Long>> baskets) {
        if (baskets.size() < 2) {
            throw new IllegalArgumentException("user " + userId + ": needs at least two baskets, has " + baskets.size());
        }
        return new NextBasketCase(userId, baskets.subList(0, baskets.size() - 1), baskets.get(baskets.size() - 1));
    }

    /** The same user with another target: what a leak test changes while nothing else may move. */
    public NextBasketCase withTarget(List<Long> replacement) {
        return new NextBasketCase(userId, history, replacement);
    }
}
