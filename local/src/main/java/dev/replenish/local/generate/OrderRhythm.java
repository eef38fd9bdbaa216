package dev.replenish.local.generate;

import dev.replenish.core.contract.EvalSet;

import java.util.random.RandomGenerator;

import static dev.replenish.local.generate.Calibration.*;

/**
 * When a shopper orders: how many orders, how many days apart, on which weekday and at which hour,
 * and whether their last order is a train or a test order.
 *
 * @param orderCount      orders in the user's history, the last one included (4 .. 100)
 * @param typicalGapDays  the shopper's usual days between orders
 * @param weeklyHabit     chance that a gap is a whole number of weeks
 * @param preferredDow    the shopper's usual weekday (0 .. 6)
 * @param preferredHour   the shopper's usual hour (0 .. 23)
 * @param lastOrder       the eval_set of the last order
 */
record OrderRhythm(int orderCount, double typicalGapDays, double weeklyHabit, int preferredDow, int preferredHour,
                   EvalSet lastOrder) {

    private static final AliasTable DOW = new AliasTable(DOW_WEIGHTS);
    private static final AliasTable HOUR = new AliasTable(HOUR_WEIGHTS);

    /** Draws a rhythm; only the first draws of the user's rhythm stream, so it can be drawn again cheaply. */
    static OrderRhythm draw(RandomGenerator random) {
        double gap = GAP_MEDIAN_DAYS * Math.exp(GAP_SPREAD * random.nextGaussian());
        double extraMean = EXTRA_ORDERS_MEAN * Math.pow(gap / GAP_MEDIAN_DAYS, EXTRA_ORDERS_GAP_ELASTICITY)
                * Math.exp(EXTRA_ORDERS_SPREAD * random.nextGaussian() - EXTRA_ORDERS_SPREAD * EXTRA_ORDERS_SPREAD / 2);
        long orders = MIN_ORDERS + (long) Math.floor(extraMean * random.nextExponential());
        int orderCount = (int) Math.min(MAX_ORDERS, orders);
        double weekly = random.nextDouble() < WEEKLY_SHOPPER_SHARE
                ? WEEKLY_HABIT_MIN + (WEEKLY_HABIT_MAX - WEEKLY_HABIT_MIN) * random.nextDouble()
                : 0.0;
        int dow = DOW.sample(random);
        int hour = HOUR.sample(random);
        EvalSet last = random.nextDouble() < TRAIN_USER_SHARE ? EvalSet.TRAIN : EvalSet.TEST;
        return new OrderRhythm(orderCount, gap, weekly, dow, hour, last);
    }

    /** True days until the next order (uncapped; Kaggle's file caps the written value at 30). */
    int nextGap(RandomGenerator random) {
        double gamma = 0;
        for (int i = 0; i < GAP_GAMMA_SHAPE; i++) {
            gamma += random.nextExponential();
        }
        double days = typicalGapDays * gamma / GAP_GAMMA_SHAPE;
        if (weeklyHabit > 0 && random.nextDouble() < weeklyHabit) {
            return 7 * (int) Math.max(1, Math.round(days / 7));
        }
        return (int) Math.max(MIN_GAP_DAYS, Math.min(10_000, Math.floor(days)));
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
