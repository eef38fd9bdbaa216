package dev.replenish.sources.tafeng;

import java.util.List;

/**
 * One user's basket sequence as read from the source, oldest first, before any clean-up.
 *
 * @param userId  the source's user id
 * @param baskets each basket's item ids in the order the source lists them
 */
record UserBaskets(long userId, List<long[]> baskets) {
}
