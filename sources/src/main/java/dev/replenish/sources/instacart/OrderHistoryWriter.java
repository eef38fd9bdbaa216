package dev.replenish.sources.instacart;

import dev.replenish.core.contract.EvalSet;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes users' order histories as the six files: each user's orders oldest first, the last one
 * the train order, the earlier ones prior orders; order ids from {@link OrderIds}; a line is
 * reordered when the user bought the product in an earlier order. Every importer (TaFeng baskets,
 * transaction exports) writes through this class, so the rules that make an Instacart history
 * are stated once.
 *
 * <p>Callers write the catalog first ({@link #rows()}: departments, aisles, products), then the
 * users in the order they should appear in the files.
 */
public final class OrderHistoryWriter implements AutoCloseable {

    /** Flush rows to the files once a batch holds this many bytes. */
    static final long FLUSH_BYTES = 8L << 20;

    /**
     * One order of a user.
     *
     * @param productIds          the order's products, distinct, in add-to-cart order
     * @param dow                 0 (Sunday) .. 6, or {@link InstacartRows#NOT_KNOWN}
     * @param hourOfDay           0 .. 23, or {@link InstacartRows#NOT_KNOWN}
     * @param daysSincePriorOrder whole days since the previous order, or {@link InstacartRows#FIRST_ORDER}
     *                            (also for sources with no dates at all)
     */
    public record Order(long[] productIds, int dow, int hourOfDay, int daysSincePriorOrder) {

        /** An order from a source with no dates: the three timing fields stay empty. */
        public static Order untimed(long[] productIds) {
            return new Order(productIds, InstacartRows.NOT_KNOWN, InstacartRows.NOT_KNOWN, InstacartRows.FIRST_ORDER);
        }
    }

    /** What was written: orders, lines and how many lines were reorders. */
    public record Written(long priorOrders, long trainOrders, long lines, long reorderedLines) {
    }

    private final InstacartCsvWriter writer;
    private final InstacartRows rows = new InstacartRows();
    private final OrderIds orderIds;
    private long orderIndex;
    private long priorOrders;
    private long trainOrders;
    private long lines;
    private long reordered;

    /**
     * @param out         the directory of the six files (created if missing)
     * @param orderCount  the number of orders that will be written, for the order-id permutation
     * @param orderIdKey  the permutation's key: any fixed value keeps the import deterministic
     */
    public OrderHistoryWriter(Path out, long orderCount, long orderIdKey) {
        this.orderIds = orderCount > 0 ? new OrderIds(orderCount, orderIdKey) : null;
        this.writer = InstacartCsvWriter.create(out);
    }

    /** The batch the catalog (departments, aisles, products) is written into. */
    public InstacartRows rows() {
        return rows;
    }

    /** Writes one user's orders, oldest first; the last is the train order. */
    public void user(long userId, List<Order> orders) {
        Set<Long> history = new HashSet<>();
        for (int index = 0; index < orders.size(); index++) {
            Order order = orders.get(index);
            boolean last = index == orders.size() - 1;
            EvalSet evalSet = last ? EvalSet.TRAIN : EvalSet.PRIOR;
            long orderId = orderIds.idOf(orderIndex++);
            rows.order(orderId, userId, evalSet, index + 1, order.dow(), order.hourOfDay(), order.daysSincePriorOrder());
            long[] products = order.productIds();
            for (int position = 0; position < products.length; position++) {
                boolean again = history.contains(products[position]);
                rows.orderLine(evalSet, orderId, products[position], position + 1, again);
                reordered += again ? 1 : 0;
            }
            for (long product : products) {
                history.add(product);
            }
            lines += products.length;
            if (last) {
                trainOrders++;
            } else {
                priorOrders++;
            }
        }
        if (rows.byteCount() > FLUSH_BYTES) {
            writer.write(rows);
        }
    }

    public Written written() {
        return new Written(priorOrders, trainOrders, lines, reordered);
    }

    @Override
    public void close() {
        try {
            writer.write(rows);
        } finally {
            writer.close();
        }
    }
}
