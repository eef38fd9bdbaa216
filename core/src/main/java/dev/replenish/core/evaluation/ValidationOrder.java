package dev.replenish.core.evaluation;

/**
 * One validation user's order to predict, with every candidate the model scored.
 *
 * @param userId        the user
 * @param orderId       the order (the user's train order)
 * @param productIds    the candidates: every product the user bought in prior orders
 * @param probabilities the model's reorder probability of each candidate, same positions
 * @param reordered     whether each candidate is in the order: the label, same positions
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
}
