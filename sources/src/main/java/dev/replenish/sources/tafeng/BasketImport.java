package dev.replenish.sources.tafeng;

import dev.replenish.sources.SourceError;
import dev.replenish.sources.instacart.InstacartRows;
import dev.replenish.sources.instacart.OrderHistoryWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns basket sequences into the six Instacart files: a user's last basket is their train order,
 * the earlier ones are prior orders. The source has no dates, so the timing columns stay empty;
 * it has no catalog, so each item becomes a product named "item &lt;source id&gt;" in one aisle and
 * one department, both "unknown".
 *
 * <p>Clean-up the Instacart layout needs, each counted in the {@link Summary}, never silent:
 * an item listed twice in one basket becomes one line (Instacart has one line per product per
 * order; the first position is kept as add_to_cart_order); an empty basket is dropped (an order
 * with no lines cannot be told apart from a test order); a user left with fewer than two baskets
 * is skipped (without a prior order there is no history to learn from, and no train label makes sense).
 *
 * <p>The whole input is held in memory (users are written sorted by id, and product ids are
 * assigned by ascending item id): basket files are small (TaFeng: 0.6 M lines, 3.5 MB).
 */
public final class BasketImport {

    public static final int MIN_BASKETS = 2;
    static final long UNKNOWN_AISLE_ID = 1;
    static final long UNKNOWN_DEPARTMENT_ID = 1;
    static final String UNKNOWN = "unknown";
    /** Any fixed key: the import is deterministic. */
    static final long ORDER_ID_KEY = 0x7AF3;
    /** Skipped users named in the summary; the rest are only counted. */
    static final int SKIPPED_USERS_NAMED = 10;

    /**
     * @param usersRead           users in the source
     * @param usersSkipped        users with fewer than {@link #MIN_BASKETS} non-empty baskets
     * @param basketsRead         baskets in the source
     * @param emptyBasketsDropped empty baskets dropped
     * @param priorOrders         prior orders written
     * @param trainOrders         train orders written (one per imported user)
     * @param linesRead           items in the source's baskets
     * @param duplicateItemsMerged items listed again in the same basket, merged into the first line
     * @param linesOfSkippedUsers lines (after merging) of the users skipped
     * @param linesWritten        order lines written (prior and train); read = written + merged + of skipped users
     * @param reorderedLines      written lines flagged reordered
     * @param products            distinct items of imported users, written as products
     * @param skippedUserIds      the first few skipped users, so the message can name them
     */
    public record Summary(long usersRead, long usersSkipped, long basketsRead, long emptyBasketsDropped,
                          long priorOrders, long trainOrders, long linesRead, long duplicateItemsMerged,
                          long linesOfSkippedUsers, long linesWritten, long reorderedLines, long products, List<Long> skippedUserIds) {

        public long usersImported() {
            return usersRead - usersSkipped;
        }
    }

    private BasketImport() {
    }

    /** Reads the TaFeng JSON file and writes the six files into the directory. */
    public static Summary tafengJson(Path file, Path out) {
        List<UserBaskets> users = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        new TafengJsonReader(file).read(user -> {
            if (!seen.add(user.userId())) {
                throw new SourceError(file + ": user " + user.userId() + " appears twice; each user must have one basket sequence");
            }
            users.add(user);
        });
        return write(users, out);
    }

    static Summary write(List<UserBaskets> source, Path out) {
        long basketsRead = 0;
        long emptyDropped = 0;
        long linesRead = 0;
        long duplicates = 0;
        long linesOfSkipped = 0;
        List<Long> skippedIds = new ArrayList<>();
        List<UserBaskets> kept = new ArrayList<>();
        for (UserBaskets user : source) {
            List<long[]> baskets = new ArrayList<>();
            for (long[] basket : user.baskets()) {
                basketsRead++;
                linesRead += basket.length;
                if (basket.length == 0) {
                    emptyDropped++;
                    continue;
                }
                long[] distinct = withoutRepeats(basket);
                duplicates += basket.length - distinct.length;
                baskets.add(distinct);
            }
            if (baskets.size() >= MIN_BASKETS) {
                kept.add(new UserBaskets(user.userId(), baskets));
            } else {
                linesOfSkipped += baskets.stream().mapToLong(basket -> basket.length).sum();
                if (skippedIds.size() < SKIPPED_USERS_NAMED) {
                    skippedIds.add(user.userId());
                }
            }
        }
        kept.sort(Comparator.comparingLong(UserBaskets::userId));

        // Product ids 1..n by ascending item id: stable across runs and readable next to the name.
        TreeSet<Long> items = new TreeSet<>();
        long orders = 0;
        for (UserBaskets user : kept) {
            orders += user.baskets().size();
            for (long[] basket : user.baskets()) {
                for (long item : basket) {
                    items.add(item);
                }
            }
        }
        Map<Long, Long> productIds = new HashMap<>();
        OrderHistoryWriter.Written written;
        try (OrderHistoryWriter writer = new OrderHistoryWriter(out, orders, ORDER_ID_KEY)) {
            InstacartRows catalog = writer.rows();
            catalog.department(UNKNOWN_DEPARTMENT_ID, UNKNOWN);
            catalog.aisle(UNKNOWN_AISLE_ID, UNKNOWN);
            for (long item : items) {
                long productId = productIds.size() + 1;
                productIds.put(item, productId);
                catalog.product(productId, "item " + item, UNKNOWN_AISLE_ID, UNKNOWN_DEPARTMENT_ID);
            }
            for (UserBaskets user : kept) {
                List<OrderHistoryWriter.Order> history = new ArrayList<>();
                for (long[] basket : user.baskets()) {
                    history.add(OrderHistoryWriter.Order.untimed(Arrays.stream(basket).map(productIds::get).toArray()));
                }
                writer.user(user.userId(), history);
            }
            written = writer.written();
        }
        return new Summary(source.size(), source.size() - kept.size(), basketsRead, emptyDropped, written.priorOrders(),
                written.trainOrders(), linesRead, duplicates, linesOfSkipped, written.lines(), written.reorderedLines(), items.size(),
                List.copyOf(skippedIds));
    }

    /** The basket's items with later repeats removed, first positions kept. */
    private static long[] withoutRepeats(long[] basket) {
        Set<Long> seen = new HashSet<>();
        long[] distinct = new long[basket.length];
        int count = 0;
        for (long item : basket) {
            if (seen.add(item)) {
                distinct[count++] = item;
            }
        }
        return count == basket.length ? basket : Arrays.copyOf(distinct, count);
    }
}
