package dev.replenish.sources.generate;

/**
 * The generator's knobs, in one place. Each was tuned so that the statistics of generated data
 * ({@code replenish stats}) land on the published Instacart figures; the comments say which
 * figure a knob mostly moves. Changing one means re-running stats on a few thousand users.
 */
final class Calibration {

    private Calibration() {
    }

    // --- Ordering rhythm: days between orders (mean 11.1, median 7, 11.5% at 30, 10.0% at 7) ---

    /** A shopper's typical gap between orders, in days, is log-normal around this median ... */
    static final double GAP_MEDIAN_DAYS = 11.5;
    /** ... with this spread of the logarithm: a few order every other day, many monthly or rarer. */
    static final double GAP_SPREAD = 1.05;
    /** Gaps vary around the shopper's typical gap like a gamma variable of this shape (a sum of that many exponentials). */
    static final int GAP_GAMMA_SHAPE = 5;
    /**
     * Share of shoppers with a weekday habit: they move an order onto their preferred weekday
     * (up to 3 days earlier or later). From an order on that day the gap becomes a whole number of
     * weeks: the spike at 7, smaller ones at 14, 21, 28, and Instacart's busy Sundays and Mondays.
     */
    static final double WEEKDAY_SHOPPER_SHARE = 0.55;
    /** How often such a shopper keeps to the weekday, lowest and highest. */
    static final double WEEKDAY_HABIT_MIN = 0.4;
    static final double WEEKDAY_HABIT_MAX = 0.95;
    /** Shorter gaps are top-up orders, placed whenever needed. */
    static final int WEEKDAY_HABIT_MIN_GAP = 4;
    /** Share of orders that are quick top-ups (something forgotten), 0 to 3 days after the last one ... */
    static final double TOP_UP_SHARE = 0.03;
    static final int TOP_UP_MAX_GAP = 3;
    /** Kaggle caps days_since_prior_order at 30 (the spike there is every longer gap). */
    static final int MAX_DAYS_SINCE_PRIOR = 30;
    /** Same-day re-orders happen (a forgotten item): gaps are floored, not forced to at least one day. */
    static final int MIN_GAP_DAYS = 0;

    // --- Orders per user: 4 to 100, heavy-tailed, mean 16.6 ---

    static final int MIN_ORDERS = 4;
    /** Kaggle keeps at most a user's last 100 orders: longer histories are cut, a small spike at 100. */
    static final int MAX_ORDERS = 100;
    /** Orders beyond the minimum are exponential with this mean for a shopper of median gap ... */
    static final double EXTRA_ORDERS_MEAN = 12.9;
    /** ... scaled by (gap / median gap) to this power: frequent shoppers have long histories. */
    static final double EXTRA_ORDERS_GAP_ELASTICITY = -0.3;
    /** ... and by a log-normal loyalty factor of this spread (the heavy tail). */
    static final double EXTRA_ORDERS_SPREAD = 0.6;
    /** A user's last order is a train order with this probability (131,209 of 206,209), else test. */
    static final double TRAIN_USER_SHARE = 131_209.0 / 206_209.0;

    // --- Basket size: mean 10.1, median 8, max about 145 ---

    /** A shopper's typical basket is log-normal around this median ... */
    static final double BASKET_MEDIAN = 7.8;
    /** ... with this spread between shoppers ... */
    static final double BASKET_USER_SPREAD = 0.5;
    /** ... and this spread between one shopper's orders. */
    static final double BASKET_ORDER_SPREAD = 0.5;
    /** Rare stock-up orders (parties, moving house) make the long tail up to the maximum. */
    static final double STOCK_UP_RATE = 1.0e-4;
    /** A stock-up order has MAX_BASKET minus an exponential number of lines of this mean. */
    static final double STOCK_UP_SHORTFALL_MEAN = 15.0;
    static final int MAX_BASKET = 145;

    // --- What goes in a basket: reorder share 59% (prior), 59.9% (train), 6% of train orders without one ---

    /**
     * Most shoppers are regulars; a minority are explorers, with no staples and little loyalty,
     * who mostly try new things (they make most of the train orders without a re-order).
     */
    static final double EXPLORER_SHARE = 0.145;
    /** A regular's share of basket lines that are staples: uniform between these. */
    static final double STAPLE_SHARE_MIN = 0.4;
    static final double STAPLE_SHARE_MAX = 0.9;
    /** Expected purchases of one staple per order, used to size the staple list from the share above. */
    static final double STAPLE_PURCHASES_PER_ORDER = 0.35;
    static final int MAX_STAPLES = 60;
    /** Staples are mostly the popular products (bananas, milk); the rest come from the shopper's own aisles. */
    static final double STAPLE_FROM_POPULAR_SHARE = 0.6;
    /**
     * A staple's cycle is this many of the shopper's typical gaps (weights below): bought at every
     * order, every other order, ... This is the learnable signal: a staple is likely in the next
     * order when the days since its last purchase reach its cycle.
     */
    static final int[] STAPLE_CYCLE_ORDERS = {1, 2, 3, 4, 6};
    static final double[] STAPLE_CYCLE_WEIGHTS = {0.20, 0.30, 0.25, 0.15, 0.10};
    /**
     * How due a staple is at the shopper's first order, in cycles since a virtual last purchase:
     * uniform between these. Staples are what a shopper buys from the start.
     */
    static final double STAPLE_FIRST_DUE_MIN = 0.6;
    static final double STAPLE_FIRST_DUE_MAX = 1.2;
    /** Log-normal jitter of a cycle around that multiple. */
    static final double STAPLE_CYCLE_SPREAD = 0.25;
    /** Chance to buy a staple that is due (days since last purchase at least its cycle): uniform between these. */
    static final double STAPLE_STRENGTH_MIN = 0.75;
    static final double STAPLE_STRENGTH_MAX = 0.98;
    /** Before it is due the chance grows as (days since last purchase / cycle) to this power. */
    static final double STAPLE_DUE_POWER = 4.0;
    /** Per order, a staple is replaced by another product of its aisle (a brand switch) with this chance. */
    static final double BRAND_SWITCH_RATE = 0.01;
    /** A regular's chance that a non-staple line re-buys something from their history: uniform between these. */
    static final double LOYALTY_MIN = 0.08;
    static final double LOYALTY_MAX = 0.5;
    /**
     * Habits grow with use: a regular's loyalty and staple share rise by this much per factor e of
     * orders beyond {@link #HABIT_REFERENCE_ORDERS} (and fall below it). Heavy users re-order more, as in
     * Instacart, which is what keeps the prior share (weighted to heavy users) near the train share.
     */
    static final double HABIT_PER_LOG_ORDERS = 0.16;
    static final double HABIT_REFERENCE_ORDERS = 10;
    /** An explorer's loyalty: uniform between 0 and this. */
    static final double EXPLORER_LOYALTY_MAX = 0.05;
    /** A shopper's chance that a new product comes from their preferred aisles rather than the whole store. */
    static final double AISLE_FOCUS_MIN = 0.3;
    static final double AISLE_FOCUS_MAX = 0.8;
    static final int PREFERRED_AISLES_MIN = 3;
    static final int PREFERRED_AISLES_MAX = 10;
    /** Re-bought items go in the cart first (Instacart's reorder rate falls with add_to_cart_order): sort key offset for new items. */
    static final double CART_NEW_ITEM_DELAY = 0.5;

    // --- When: order_dow and order_hour_of_day (approximately the published distributions) ---

    /**
     * Preferred weekdays, 0 .. 6. More skewed to Sunday and Monday than Instacart's orders
     * (17.6%, 17.2%, 13.7%, 12.8%, 12.5%, 13.3%, 13.1%), because orders off the habit spread evenly.
     */
    static final double[] PREFERRED_DOW_WEIGHTS = {23.7, 22.5, 12.5, 10.0, 9.0, 11.4, 10.8};
    /** Orders by hour of day, 0 .. 23: a broad daytime plateau from 9 to 16. */
    static final double[] HOUR_WEIGHTS = {0.7, 0.35, 0.2, 0.16, 0.16, 0.27, 0.9, 2.8, 5.3, 7.6, 8.5, 8.5,
            8.2, 8.2, 8.3, 8.3, 7.9, 6.5, 5.1, 3.9, 3.0, 2.5, 1.9, 1.2};
    /** A shopper's first order is on their preferred weekday with this chance. */
    static final double PREFERRED_DOW_SHARE = 0.7;
    /** Order hours scatter around the shopper's preferred hour with this standard deviation ... */
    static final double HOUR_SPREAD = 1.6;
    /** ... except this share, at any hour of the day. */
    static final double HOUR_OFF_HABIT_SHARE = 0.15;
}
