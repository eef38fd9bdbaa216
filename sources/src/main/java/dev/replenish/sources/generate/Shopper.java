package dev.replenish.sources.generate;

import dev.replenish.core.contract.EvalSet;
import dev.replenish.sources.instacart.InstacartRows;
import dev.replenish.sources.instacart.OrderIds;

import java.util.Arrays;
import java.util.SplittableRandom;

import static dev.replenish.sources.generate.Calibration.*;

/**
 * Simulates one user's order history after another, on one thread, and encodes it as rows.
 *
 * <p>A shopper has staples, each with a personal repurchase cycle in days: a staple is bought with
 * a chance that grows with the days since its last purchase relative to its cycle. The rest of a
 * basket re-buys from the shopper's history (frequent and recent items more often) or tries
 * something new, mostly from the shopper's preferred aisles. Whether a line is a re-order is never
 * decided up front: it is read off the shopper's history, as Instacart's flag is.
 *
 * <p>State is kept in arrays indexed by product id and reused for every user (an entry belongs to
 * the current user when its owner tag is the user's), so a line costs no allocation.
 */
final class Shopper {

    private final GroceryCatalog catalog;
    private final long seed;
    private final OrderIds orderIds;

    // Per product: the user who last touched the entry, the day of its last purchase, the order it is in.
    private final int[] owner;
    private final int[] lastBoughtDay;
    private final int[] inOrder;
    private int userTag;
    private int orderTag;

    /** Every line the user bought so far, oldest first: a uniform pick is a frequency-weighted pick. */
    private int[] purchases = new int[1024];
    private int purchaseCount;

    private final int[] stapleProduct = new int[MAX_STAPLES];
    private final double[] stapleCycle = new double[MAX_STAPLES];
    private final double[] stapleStrength = new double[MAX_STAPLES];
    /** For a staple not bought yet: the day it would have been bought last, so its first purchase falls naturally. */
    private final int[] stapleStartDay = new int[MAX_STAPLES];
    private int stapleCount;

    private final int[] basket = new int[MAX_BASKET];
    private final boolean[] reordered = new boolean[MAX_BASKET];
    private final double[] cartKey = new double[MAX_BASKET];
    private final int[] cart = new int[MAX_BASKET];
    private int basketSize;

    private static final AliasTable CYCLE_ORDERS = new AliasTable(STAPLE_CYCLE_WEIGHTS);

    Shopper(GroceryCatalog catalog, long seed, OrderIds orderIds) {
        this.catalog = catalog;
        this.seed = seed;
        this.orderIds = orderIds;
        int slots = catalog.productCount() + 1;
        owner = new int[slots];
        lastBoughtDay = new int[slots];
        inOrder = new int[slots];
    }

    /**
     * Writes the user's orders and lines.
     *
     * @param firstOrderIndex index of the user's first order in orders.csv (0-based), for its id
     */
    void simulate(long userId, long firstOrderIndex, InstacartRows rows) {
        SplittableRandom rhythmRandom = UserRandom.RHYTHM.stream(seed, userId);
        OrderRhythm rhythm = OrderRhythm.draw(rhythmRandom);
        SplittableRandom random = UserRandom.BASKETS.stream(seed, userId);
        ShopperTastes tastes = ShopperTastes.draw(random, rhythm, catalog);
        startUser(rhythm, tastes, random);

        int day = 0;
        int dow = rhythm.firstDow(rhythmRandom);
        for (int orderNumber = 1; orderNumber <= rhythm.orderCount(); orderNumber++) {
            int daysSincePrior = InstacartRows.FIRST_ORDER;
            if (orderNumber > 1) {
                int gap = rhythm.nextGap(rhythmRandom, dow);
                day += gap;
                dow = (dow + gap) % 7;
                daysSincePrior = Math.min(MAX_DAYS_SINCE_PRIOR, gap);
            }
            EvalSet evalSet = orderNumber < rhythm.orderCount() ? EvalSet.PRIOR : rhythm.lastOrder();
            long orderId = orderIds.idOf(firstOrderIndex + orderNumber - 1);
            rows.order(orderId, userId, evalSet, orderNumber, dow, rhythm.hourOfOrder(rhythmRandom), daysSincePrior);
            if (evalSet == EvalSet.TEST) {
                break; // its basket is what is to be predicted: it has no lines anywhere
            }
            fillBasket(day, tastes, random);
            writeCart(evalSet, orderId, random, rows);
            remember(day);
        }
    }

    private void startUser(OrderRhythm rhythm, ShopperTastes tastes, SplittableRandom random) {
        userTag++;
        if (userTag == 0) { // after 2^32 users on this thread: wipe rather than confuse owners
            Arrays.fill(owner, 0);
            userTag = 1;
        }
        purchaseCount = 0;
        int wanted = (int) Math.round(tastes.stapleShare() * tastes.typicalBasket() / STAPLE_PURCHASES_PER_ORDER);
        stapleCount = 0;
        orderTag++;
        for (int attempt = 0; stapleCount < Math.min(MAX_STAPLES, wanted) && attempt < 4 * MAX_STAPLES; attempt++) {
            int product = random.nextDouble() < STAPLE_FROM_POPULAR_SHARE
                    ? catalog.anyProduct(random)
                    : catalog.productInAisle(tastes.preferredAisle(random), random);
            if (inOrder[product] == orderTag) {
                continue; // already a staple
            }
            inOrder[product] = orderTag;
            double cycle = rhythm.typicalGapDays() * STAPLE_CYCLE_ORDERS[CYCLE_ORDERS.sample(random)]
                    * Math.exp(STAPLE_CYCLE_SPREAD * random.nextGaussian());
            stapleProduct[stapleCount] = product;
            stapleCycle[stapleCount] = Math.max(1.0, cycle);
            stapleStrength[stapleCount] = STAPLE_STRENGTH_MIN + (STAPLE_STRENGTH_MAX - STAPLE_STRENGTH_MIN) * random.nextDouble();
            double firstDue = STAPLE_FIRST_DUE_MIN + (STAPLE_FIRST_DUE_MAX - STAPLE_FIRST_DUE_MIN) * random.nextDouble();
            stapleStartDay[stapleCount] = -(int) Math.round(firstDue * stapleCycle[stapleCount]);
            stapleCount++;
        }
    }

    private void fillBasket(int day, ShopperTastes tastes, SplittableRandom random) {
        orderTag++;
        basketSize = 0;
        int target = tastes.basketTarget(random);
        // Due staples fill the basket up to its size; a small top-up order holds only some of them
        // (starting from a random staple so none is favoured), the rest stay due for the next order.
        int offset = stapleCount == 0 ? 0 : random.nextInt(stapleCount);
        for (int k = 0; k < stapleCount; k++) {
            int s = (offset + k) % stapleCount;
            if (random.nextDouble() < BRAND_SWITCH_RATE) {
                int product = catalog.productInAisle(catalog.aisleOf(stapleProduct[s]), random);
                stapleProduct[s] = product;
                stapleStartDay[s] = day - (int) Math.round(random.nextDouble() * stapleCycle[s]);
            }
            int product = stapleProduct[s];
            int last = owner[product] == userTag ? lastBoughtDay[product] : stapleStartDay[s];
            double due = Math.min(1.0, (day - last) / stapleCycle[s]);
            double chance = stapleStrength[s] * Math.pow(due, STAPLE_DUE_POWER);
            if (random.nextDouble() < chance && basketSize < target) {
                add(product);
            }
        }
        for (int attempt = 0; basketSize < target && attempt < 4 * target; attempt++) {
            int product;
            if (purchaseCount > 0 && random.nextDouble() < tastes.loyalty()) {
                // Squaring the uniform favours the end of the history: recent purchases come back more often.
                double u = random.nextDouble();
                product = purchases[purchaseCount - 1 - (int) (purchaseCount * u * u)];
            } else if (random.nextDouble() < tastes.aisleFocus()) {
                product = catalog.productInAisle(tastes.preferredAisle(random), random);
            } else {
                product = catalog.anyProduct(random);
            }
            add(product);
        }
    }

    private void add(int product) {
        if (inOrder[product] == orderTag || basketSize == MAX_BASKET) {
            return; // a product is on one line of an order, as in Instacart
        }
        inOrder[product] = orderTag;
        basket[basketSize] = product;
        reordered[basketSize] = owner[product] == userTag;
        basketSize++;
    }

    private void writeCart(EvalSet evalSet, long orderId, SplittableRandom random, InstacartRows rows) {
        for (int i = 0; i < basketSize; i++) {
            cartKey[i] = random.nextDouble() + (reordered[i] ? 0.0 : CART_NEW_ITEM_DELAY);
            cart[i] = i;
        }
        // Insertion sort: baskets are short, and this allocates nothing.
        for (int i = 1; i < basketSize; i++) {
            int line = cart[i];
            int j = i - 1;
            while (j >= 0 && cartKey[cart[j]] > cartKey[line]) {
                cart[j + 1] = cart[j];
                j--;
            }
            cart[j + 1] = line;
        }
        for (int position = 0; position < basketSize; position++) {
            int line = cart[position];
            rows.orderLine(evalSet, orderId, basket[line], position + 1, reordered[line]);
        }
    }

    private void remember(int day) {
        if (purchaseCount + basketSize > purchases.length) {
            purchases = Arrays.copyOf(purchases, Math.max(purchases.length * 2, purchaseCount + basketSize));
        }
        for (int i = 0; i < basketSize; i++) {
            int product = basket[i];
            owner[product] = userTag;
            lastBoughtDay[product] = day;
            purchases[purchaseCount++] = product;
        }
    }
}
