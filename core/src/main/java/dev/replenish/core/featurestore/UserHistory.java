package dev.replenish.core.featurestore;

import dev.replenish.core.missions.MissionProfile;

/**
 * What the orders route reads of a user's item: the user's recent orders and main shopping
 * missions, and the run that loaded them (whose layout names the missions). Read without the
 * candidate vectors, which are most of the item's bytes.
 *
 * @param runId    the run that loaded the item
 * @param orders   the user's latest past orders (empty for an item loaded without them)
 * @param missions the user's main missions (none for an item loaded without them)
 */
public record UserHistory(long userId, String runId, OrderHistory orders, MissionProfile missions) {

    public UserHistory {
        if (orders.userId() != userId) {
            throw new IllegalArgumentException("the orders of user " + orders.userId() + " are not user " + userId + "'s");
        }
        missions = missions == null ? MissionProfile.none() : missions;
    }
}
