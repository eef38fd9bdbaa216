package dev.replenish.sources.instacart;

import dev.replenish.core.contract.EvalSet;
import dev.replenish.core.contract.InstacartTable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A batch of rows for the six Instacart files, encoded exactly as Kaggle spells them, in memory.
 * Sources fill a batch (the generator one per chunk of users, on worker threads) and hand it to
 * {@link InstacartCsvWriter}, which appends it to the files. Rows are encoded straight into byte
 * arrays: at full scale there are about 35 million rows, and a String per field would dominate
 * the run time.
 *
 * <p>Column order is the contract's ({@link InstacartTable}); each method lists its parameters in
 * that order.
 */
public final class InstacartRows {

    /** {@code daysSincePriorOrder} of a user's first order: the field is left empty. */
    public static final int FIRST_ORDER = -1;

    private final Encoded[] tables = new Encoded[InstacartTable.values().length];

    public InstacartRows() {
        for (int i = 0; i < tables.length; i++) {
            tables[i] = new Encoded();
        }
    }

    public void department(long departmentId, String department) {
        Encoded out = table(InstacartTable.DEPARTMENTS);
        out.number(departmentId).comma().text(department).endRow();
    }

    public void aisle(long aisleId, String aisle) {
        Encoded out = table(InstacartTable.AISLES);
        out.number(aisleId).comma().text(aisle).endRow();
    }

    public void product(long productId, String productName, long aisleId, long departmentId) {
        Encoded out = table(InstacartTable.PRODUCTS);
        out.number(productId).comma().text(productName).comma().number(aisleId).comma().number(departmentId).endRow();
    }

    /** A timing field the source cannot give (an hour from a date-only source, a weekday from day numbers): left empty. */
    public static final int NOT_KNOWN = -1;

    /**
     * An order with its timing. Kaggle writes days_since_prior_order as a float ("7.0"), and
     * leaves it empty on a user's first order: pass {@link #FIRST_ORDER} there. A source that lacks
     * the weekday or the hour passes {@link #NOT_KNOWN}, and that field stays empty.
     */
    public void order(long orderId, long userId, EvalSet evalSet, int orderNumber,
                      int orderDow, int orderHourOfDay, int daysSincePriorOrder) {
        Encoded out = orderStart(orderId, userId, evalSet, orderNumber);
        out.comma();
        if (orderDow != NOT_KNOWN) {
            out.number(orderDow);
        }
        out.comma();
        if (orderHourOfDay != NOT_KNOWN) {
            out.number(orderHourOfDay);
        }
        out.comma();
        if (daysSincePriorOrder != FIRST_ORDER) {
            out.number(daysSincePriorOrder).ascii(".0");
        }
        out.endRow();
    }

    private Encoded orderStart(long orderId, long userId, EvalSet evalSet, int orderNumber) {
        Encoded out = table(InstacartTable.ORDERS);
        return out.number(orderId).comma().number(userId).comma().ascii(evalSetField(evalSet)).comma().number(orderNumber);
    }

    /** One line of a prior or train order; test orders have no lines anywhere. */
    public void orderLine(EvalSet evalSet, long orderId, long productId, int addToCartOrder, boolean reordered) {
        Encoded out = table(lineTable(evalSet));
        out.number(orderId).comma().number(productId).comma().number(addToCartOrder).comma()
                .number(reordered ? 1 : 0).endRow();
    }

    private static InstacartTable lineTable(EvalSet evalSet) {
        switch (evalSet) {
            case PRIOR:
                return InstacartTable.ORDER_PRODUCTS_PRIOR;
            case TRAIN:
                return InstacartTable.ORDER_PRODUCTS_TRAIN;
            default:
                throw new IllegalArgumentException("test orders have no lines: their basket is what is predicted");
        }
    }

    private static final String[] EVAL_SET_FIELDS = Arrays.stream(EvalSet.values()).map(EvalSet::value).toArray(String[]::new);

    private static String evalSetField(EvalSet evalSet) {
        return EVAL_SET_FIELDS[evalSet.ordinal()];
    }

    /** Rows held for a table since the last {@link #clear()}. */
    public long rowCount(InstacartTable table) {
        return table(table).rows;
    }

    /** Bytes held for all tables: the writer flushes a batch once it is large. */
    public long byteCount() {
        long total = 0;
        for (Encoded table : tables) {
            total += table.size;
        }
        return total;
    }

    byte[] bytes(InstacartTable table) {
        return table(table).buffer;
    }

    int length(InstacartTable table) {
        return table(table).size;
    }

    /** Empties the batch and keeps its buffers for reuse. */
    public void clear() {
        for (Encoded table : tables) {
            table.size = 0;
            table.rows = 0;
        }
    }

    private Encoded table(InstacartTable table) {
        return tables[table.ordinal()];
    }

    /** The bytes of one table's rows. */
    private static final class Encoded {
        private byte[] buffer = new byte[1 << 12];
        private int size;
        private long rows;

        Encoded comma() {
            ensure(1);
            buffer[size++] = ',';
            return this;
        }

        void endRow() {
            ensure(1);
            buffer[size++] = '\n';
            rows++;
        }

        Encoded ascii(String value) {
            ensure(value.length());
            for (int i = 0; i < value.length(); i++) {
                buffer[size++] = (byte) value.charAt(i);
            }
            return this;
        }

        Encoded number(long value) {
            if (value < 0) {
                // Ids and counts are never negative in the contract; refuse rather than write a row ingestion rejects.
                throw new IllegalArgumentException("negative value " + value + " in an Instacart row");
            }
            ensure(20);
            int digits = 1;
            for (long rest = value / 10; rest != 0; rest /= 10) {
                digits++;
            }
            int end = size + digits;
            for (int i = end - 1; i >= size; i--) {
                buffer[i] = (byte) ('0' + (value % 10));
                value /= 10;
            }
            size = end;
            return this;
        }

        /** A text field, quoted only when it must be (comma, quote or line break inside), quotes doubled: as Kaggle does. */
        Encoded text(String value) {
            boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0
                    || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
            byte[] utf8 = (quote ? '"' + value.replace("\"", "\"\"") + '"' : value).getBytes(StandardCharsets.UTF_8);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buffer, size, utf8.length);
            size += utf8.length;
            return this;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }
}
