package dev.replenish.core.evaluation;

/**
 * One validation user's order to predict, with every candidate the model scored.
 *
 * @param userId        the user
 * @param orderId       the order (the user's train order)
 * @param productIds    the candidates: the products the user bought in prior orders (repeat) and
 *                      those other sources proposed (explore)
 * @param probabilities the model's reorder probability of each candidate, same positions
 * @param reordered     whether each candidate is in the order: the label, same positions (for a
 *                      repeat candidate, whether it is re-ordered)
 */
public record ValidationOrder(long userId, long orderId, long[] productIds, double[] probabilities, boolean[] reordered) {

    public ValidationOrder {
        if (productIds.length != probabilities.length || productIds.length != reordered.length) {
            throw new IllegalArgumentException("order " + orderId + ": " + productIds.length + " candidates but "
                    + probabilities.length + " probabilities and " + reordered.length + " labels");
        }
    }

    public int candidates() {
        return productIds.length;
    }

    /** This order with only the candidates among the given products (same order of positions). */
    public ValidationOrder restrictedTo(java.util.Set<Long> products) {
        int kept = 0;
        for (long id : productIds) {
            kept += products.contains(id) ? 1 : 0;
        }
        if (kept == productIds.length) {
            return this;
        }
        long[] ids = new long[kept];
        double[] p = new double[kept];
        boolean[] labels = new boolean[kept];
        int next = 0;
        for (int i = 0; i < productIds.length; i++) {
            if (products.contains(productIds[i])) {
                ids[next] = productIds[i];
                p[next] = probabilities[i];
                labels[next++] = reordered[i];
            }
        }
        return new ValidationOrder(userId, orderId, ids, p, labels);
    }
}
