package dev.replenish.core.neighbours;

/**
 * The best {@code length} (product, score) pairs offered, by score then smaller id: a partial
 * selection over primitive arrays, for lists of thousands of voted products per user.
 */
public final class TopProducts {
    private final long[] products;
    private final double[] scores;
    private int size;

    public TopProducts(int length) {
        products = new long[length];
        scores = new double[length];
    }

    public void offer(long product, double score) {
        int at = size;
        while (at > 0 && (score > scores[at - 1] || (score == scores[at - 1] && product < products[at - 1]))) {
            at--;
        }
        if (at >= products.length) {
            return;
        }
        int last = Math.min(size, products.length - 1);
        System.arraycopy(products, at, products, at + 1, last - at);
        System.arraycopy(scores, at, scores, at + 1, last - at);
        products[at] = product;
        scores[at] = score;
        size = Math.min(size + 1, products.length);
    }

    public int size() {
        return size;
    }

    /** The i-th best product (0 = best). */
    public long product(int i) {
        return products[i];
    }

    public double score(int i) {
        return scores[i];
    }
}
