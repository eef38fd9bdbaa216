package dev.replenish.lambdas.serving;

import java.util.List;

/**
 * The bodies of the serving contract. Ids are JSON strings: a 64-bit id as a JSON number is
 * silently rounded by JavaScript, and the page is a JavaScript client.
 */
public final class Responses {

    private Responses() {
    }

    /** Catalog entry; fields are null when the catalog does not know the product. */
    public record ProductInfo(String productId, String name, String aisle, String department) {
    }

    /** GET /v1/users/{userId}/products/{productId}/reorder-probability */
    public record ReorderProbability(String userId, String productId, double probability, ProductInfo product,
                                     String modelRun, String featureRun) {
    }

    /**
     * One candidate of the next-basket answer. {@code source} is "repeat" (bought before) or
     * "explore" (new to the user), and {@code reason} says why in a shopper's words; both are null
     * when the store holds no description of the user's features (a load in progress).
     */
    public record BasketCandidate(String productId, String name, String aisle, String department,
                                  double probability, boolean inBasket, String source, String reason) {
    }

    /**
     * One of the user's main shopping missions: {@code share} is the share of the user's orders that
     * are this mission (0..1). {@code name} is the run's name for it, null while the store describes
     * another run (a load in progress) or the run named none.
     */
    public record Mission(int id, String name, double share) {
    }

    /**
     * GET /v1/users/{userId}/next-basket[?limit=N]. {@code basket} is the set that maximises expected
     * F1; an empty basket is the answer "None" (no re-order expected). {@code candidates} lists the
     * best {@code limit} of the user's {@code candidateCount} candidates (the whole basket at least);
     * {@code newItems} the best few explore candidates, wherever they rank; {@code missions} the
     * user's main shopping missions, largest share first (empty when unknown).
     */
    public record NextBasket(String userId, int candidateCount, List<BasketCandidate> candidates, List<String> basket,
                             List<BasketCandidate> newItems, double expectedF1,
                             double noneProbability, List<Mission> missions, String modelRun, String featureRun) {
    }

    /** One "bought together" product: its catalog entry, its co-occurrence score and its rank (1 is the most similar). */
    public record SimilarProduct(String productId, String name, String aisle, String department, double score, int rank) {
    }

    /**
     * GET /v1/products/{productId}/similar[?limit=N]: the products most often in the same basket as
     * this one, most similar first (at most {@code limit}; fewer when the run kept fewer).
     */
    public record SimilarProducts(ProductInfo product, List<SimilarProduct> similar) {
    }

    /**
     * One suggestion for a cart. {@code probability} is the model's, as in next-basket;
     * {@code cartAffinity} the highest "bought together" score from a product in the cart to this
     * one (0 when none lists it), {@code goesWith} that cart product (null when none); {@code score},
     * which orders the list, is {@code 1 - (1 - probability) * (1 - cartAffinity)}.
     */
    public record CartSuggestion(String productId, String name, String aisle, String department, double probability,
                                 double cartAffinity, ProductInfo goesWith, double score, String source, String reason) {
    }

    /**
     * POST /v1/users/{userId}/cart-completion[?limit=N]: the user's candidates that are not in the
     * cart, best {@code score} first (at most {@code limit}). {@code cart} echoes the distinct ids read.
     */
    public record CartCompletion(String userId, List<String> cart, List<CartSuggestion> suggestions,
                                 String modelRun, String featureRun) {
    }

    /**
     * One past order, latest first. {@code daysBeforeLatestOrder} adds up the gaps to the user's
     * latest past order (0 for that one; null where a gap is unknown).
     */
    public record PastOrder(String orderId, int orderNumber, Integer dayOfWeek, Integer hourOfDay,
                            Double daysSincePriorOrder, Double daysBeforeLatestOrder, List<ProductInfo> products) {
    }

    /**
     * GET /v1/users/{userId}/orders[?limit=N]: the user's latest past orders, latest first, and the
     * user's main shopping missions, largest share first (empty when unknown).
     */
    public record RecentOrders(String userId, List<PastOrder> orders, List<Mission> missions) {
    }

    /**
     * GET /v1/health. {@code exampleUsers}: a few customer ids the served store holds (empty while
     * it holds another run's features), so a page can offer ids that answer.
     */
    public record Health(String status, String modelRun, String manifestFingerprint, List<String> exampleUsers) {
    }

    /** Every answer other than 200. */
    public record Error(String error, String detail) {
    }
}
