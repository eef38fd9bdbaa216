package dev.replenish.core.featurestore;

/**
 * A product's "bought together" list, as the run's {@code similar_products} table ranked it: the
 * most similar product first, with its co-occurrence score.
 *
 * @param productId  the product asked about
 * @param similarIds the similar products, best first (empty when no product was bought with it often enough)
 * @param scores     their scores, same order
 */
public record BoughtTogether(long productId, long[] similarIds, float[] scores) {
    public BoughtTogether {
        if (similarIds.length != scores.length) {
            throw new IllegalArgumentException("product " + productId + ": " + similarIds.length
                    + " similar products but " + scores.length + " scores");
        }
    }

    /** The list of a product nothing is bought with often enough. */
    public static BoughtTogether none(long productId) {
        return new BoughtTogether(productId, new long[0], new float[0]);
    }

    public int size() {
        return similarIds.length;
    }
}
