package dev.replenish.core.featurestore;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's most recent past orders, latest first, as the feature store keeps them in the user's
 * item (at most {@link #KEPT} of them), so the orders route answers from the one read that also
 * serves the predictions.
 *
 * <p>Packed as varints (LEB128) rather than a DynamoDB list of maps: at Instacart's shape ten orders
 * of ten products take about 400 bytes instead of several KB of attribute names and number
 * strings, and every byte is written by the load and billed by DynamoDB. Per order: order id,
 * order number, day of week + 1 and hour + 1 (0 when unknown), a float32 of the days since the
 * prior order (NaN when unknown), the product count, then the product ids.
 */
public record OrderHistory(long userId, List<PastOrder> orders) {
    /** How many orders the load keeps per user: the orders route's largest limit. */
    public static final int KEPT = 10;

    public OrderHistory {
        orders = List.copyOf(orders);
    }

    public static OrderHistory none(long userId) {
        return new OrderHistory(userId, List.of());
    }

    public byte[] pack() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * Math.max(1, orders.size()));
        for (PastOrder order : orders) {
            varint(out, order.orderId());
            varint(out, order.orderNumber());
            varint(out, order.dayOfWeek() == null ? 0 : order.dayOfWeek() + 1L);
            varint(out, order.hourOfDay() == null ? 0 : order.hourOfDay() + 1L);
            int days = Float.floatToRawIntBits(order.daysSincePriorOrder() == null ? Float.NaN : order.daysSincePriorOrder().floatValue());
            byte[] bits = ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(days).array();
            out.write(bits, 0, bits.length);
            varint(out, order.productIds().length);
            for (long product : order.productIds()) {
                varint(out, product);
            }
        }
        return out.toByteArray();
    }

    /** The history {@link #pack()} wrote; a malformed value is an error naming the user. */
    public static OrderHistory unpack(long userId, byte[] packed) {
        ByteBuffer in = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
        List<PastOrder> orders = new ArrayList<>();
        try {
            while (in.hasRemaining()) {
                long orderId = readVarint(in);
                int orderNumber = Math.toIntExact(readVarint(in));
                long dow = readVarint(in);
                long hour = readVarint(in);
                float days = in.getFloat();
                int count = Math.toIntExact(readVarint(in));
                if (count > in.remaining()) {
                    throw new IllegalArgumentException(count + " products in " + in.remaining() + " bytes");
                }
                long[] products = new long[count];
                for (int i = 0; i < count; i++) {
                    products[i] = readVarint(in);
                }
                orders.add(new PastOrder(orderId, orderNumber, dow == 0 ? null : (int) dow - 1, hour == 0 ? null : (int) hour - 1,
                        Float.isNaN(days) ? null : (double) days, products));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("user " + userId + ": recent orders are not a packed order history ("
                    + e.getMessage() + ")", e);
        }
        return new OrderHistory(userId, orders);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("order history holds only non-negative numbers, got " + value);
        }
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long readVarint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a varint longer than 64 bits");
    }
}
