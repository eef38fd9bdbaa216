package dev.replenish.sources.generate;

import java.util.random.RandomGenerator;

import static dev.replenish.sources.generate.Calibration.*;

/**
 * What a shopper buys, apart from their staples (which {@link Shopper} keeps in arrays).
 *
 * @param typicalBasket   the shopper's usual number of lines
 * @param stapleShare     share of a usual basket made of staples
 * @param loyalty         chance that a non-staple line re-buys from the shopper's history
 * @param aisleFocus      chance that a new product comes from the preferred aisles
 * @param preferredAisles aisle ids the shopper favours
 * @param aisleWeights    cumulative weights over those aisles
 */
record ShopperTastes(double typicalBasket, double stapleShare, double loyalty, double aisleFocus,
                     int[] preferredAisles, double[] aisleWeights) {

    static ShopperTastes draw(RandomGenerator random, OrderRhythm rhythm, GroceryCatalog catalog) {
        double basket = BASKET_MEDIAN * Math.exp(BASKET_USER_SPREAD * random.nextGaussian());
        boolean explorer = random.nextDouble() < EXPLORER_SHARE;
        double habit = HABIT_PER_LOG_ORDERS * Math.log(rhythm.orderCount() / HABIT_REFERENCE_ORDERS);
        double stapleShare = explorer ? 0.0 : clamp(between(random, STAPLE_SHARE_MIN, STAPLE_SHARE_MAX) + habit);
        double loyalty = explorer ? between(random, 0, EXPLORER_LOYALTY_MAX) : clamp(between(random, LOYALTY_MIN, LOYALTY_MAX) + habit);
        double focus = explorer ? AISLE_FOCUS_MIN : between(random, AISLE_FOCUS_MIN, AISLE_FOCUS_MAX);
        int count = PREFERRED_AISLES_MIN + random.nextInt(PREFERRED_AISLES_MAX - PREFERRED_AISLES_MIN + 1);
        int[] aisles = new int[count];
        double[] cumulative = new double[count];
        double total = 0;
        for (int i = 0; i < count; i++) {
            // Popular aisles are everyone's favourites more often; repeats simply weigh more.
            aisles[i] = catalog.anyAisle(random);
            total += random.nextExponential();
            cumulative[i] = total;
        }
        return new ShopperTastes(basket, stapleShare, loyalty, focus, aisles, cumulative);
    }

    /** How many lines this order is meant to have (staples that are due may add more). */
    int basketTarget(RandomGenerator random) {
        if (random.nextDouble() < STOCK_UP_RATE) {
            return (int) Math.max(40, MAX_BASKET - Math.floor(STOCK_UP_SHORTFALL_MEAN * random.nextExponential()));
        }
        double size = typicalBasket * Math.exp(BASKET_ORDER_SPREAD * random.nextGaussian());
        return (int) Math.max(1, Math.min(MAX_BASKET, Math.round(size)));
    }

    int preferredAisle(RandomGenerator random) {
        double point = random.nextDouble() * aisleWeights[aisleWeights.length - 1];
        int i = 0;
        while (aisleWeights[i] < point) {
            i++;
        }
        return preferredAisles[i];
    }

    private static double clamp(double share) {
        return Math.max(0.0, Math.min(0.95, share));
    }

    private static double between(RandomGenerator random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}
