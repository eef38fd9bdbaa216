package dev.replenish.sources.generate;

import dev.replenish.core.contract.EvalSet;

import java.util.random.RandomGenerator;

import static dev.replenish.sources.generate.Calibration.*;

/**
 * When a shopper orders: how many orders, how many days apart, on which weekday and at which hour,
 * and whether their last order is a train or a test order.
 *
 * @param orderCount      orders in the user's history, the last one included (4 .. 100)
 * @param typicalGapDays  the shopper's usual days between orders
 * @param weekdayHabit    chance that an order is moved onto the preferred weekday
 * @param preferredDow    the shopper's usual weekday (0 .. 6)
 * @param preferredHour   the shopper's usual hour (0 .. 23)
 * @param lastOrder       the eval_set of the last order
 */
record OrderRhythm(int orderCount, double typicalGapDays, double weekdayHabit, int preferredDow, int preferredHour,
                   EvalSet lastOrder) {

    private static final AliasTable DOW = new AliasTable(PREFERRED_DOW_WEIGHTS);
    private static final AliasTable HOUR = new AliasTable(HOUR_WEIGHTS);

    /** Draws a rhythm; only the first draws of the user's rhythm stream, so it can be drawn again cheaply. */
    static OrderRhythm draw(RandomGenerator random) {
        double gap = GAP_MEDIAN_DAYS * Math.exp(GAP_SPREAD * random.nextGaussian());
        double extraMean = EXTRA_ORDERS_MEAN * Math.pow(gap / GAP_MEDIAN_DAYS, EXTRA_ORDERS_GAP_ELASTICITY)
                * Math.exp(EXTRA_ORDERS_SPREAD * random.nextGaussian() - EXTRA_ORDERS_SPREAD * EXTRA_ORDERS_SPREAD / 2);
        long orders = MIN_ORDERS + (long) Math.floor(extraMean * random.nextExponential());
        int orderCount = (int) Math.min(MAX_ORDERS, orders);
        double weekday = random.nextDouble() < WEEKDAY_SHOPPER_SHARE
                ? WEEKDAY_HABIT_MIN + (WEEKDAY_HABIT_MAX - WEEKDAY_HABIT_MIN) * random.nextDouble()
                : 0.0;
        int dow = DOW.sample(random);
        int hour = HOUR.sample(random);
        EvalSet last = random.nextDouble() < TRAIN_USER_SHARE ? EvalSet.TRAIN : EvalSet.TEST;
        return new OrderRhythm(orderCount, gap, weekday, dow, hour, last);
    }

    /**
     * True days until the next order (uncapped; Kaggle's file caps the written value at 30), from
     * an order on weekday {@code dow}.
     */
    int nextGap(RandomGenerator random, int dow) {
        if (random.nextDouble() < TOP_UP_SHARE) {
            return random.nextInt(TOP_UP_MAX_GAP + 1);
        }
        double gamma = 0;
        for (int i = 0; i < GAP_GAMMA_SHAPE; i++) {
            gamma += random.nextExponential();
        }
        int gap = (int) Math.max(MIN_GAP_DAYS, Math.min(10_000, Math.floor(typicalGapDays * gamma / GAP_GAMMA_SHAPE)));
        if (gap >= WEEKDAY_HABIT_MIN_GAP && weekdayHabit > 0 && random.nextDouble() < weekdayHabit) {
            int later = Math.floorMod(preferredDow - (dow + gap), 7);
            gap += later <= 3 ? later : later - 7;
        }
        return gap;
    }

    int firstDow(RandomGenerator random) {
        return random.nextDouble() < PREFERRED_DOW_SHARE ? preferredDow : DOW.sample(random);
    }

    int hourOfOrder(RandomGenerator random) {
        if (random.nextDouble() < HOUR_OFF_HABIT_SHARE) {
            return HOUR.sample(random);
        }
        long hour = Math.round(preferredHour + HOUR_SPREAD * random.nextGaussian());
        return (int) Math.max(0, Math.min(23, hour));
    }
}
