package dev.replenish.lambdas.serving;

import dev.replenish.core.basket.ExpectedF1Basket;
import dev.replenish.core.featurestore.BoughtTogether;
import dev.replenish.core.featurestore.FeatureLayout;
import dev.replenish.core.featurestore.FeatureStoreReader;
import dev.replenish.core.featurestore.OrderHistory;
import dev.replenish.core.featurestore.PastOrder;
import dev.replenish.core.featurestore.Product;
import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.core.featurestore.UserHistory;
import dev.replenish.core.missions.MissionProfile;
import dev.replenish.core.serving.CandidateExplanations;
import dev.replenish.core.serving.ModelVersion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The questions the API answers, each from one feature-store read and the catalog. */
public final class PredictionService {

    private final FeatureStoreReader store;
    private final Scorer scorer;

    public PredictionService(FeatureStoreReader store, Scorer scorer) {
        this.store = store;
        this.scorer = scorer;
    }

    public Responses.Health health() {
        ModelVersion version = scorer.version();
        List<String> examples = store.layout(version.manifestFingerprint())
                .map(layout -> layout.exampleUsers().stream().map(String::valueOf).toList()).orElse(List.of());
        return new Responses.Health("ok", version.runId(), version.manifestFingerprint(), examples);
    }

    public Responses.ReorderProbability reorderProbability(long userId, long productId) {
        ModelVersion model = scorer.version();
        UserCandidates user = candidatesOf(userId, model);
        int index = user.indexOf(productId);
        if (index < 0) {
            throw ApiError.notFound("unknown product for this user", "product " + productId + " is not one of user " + userId
                    + "'s candidates: the user has not bought it before and this run does not suggest it as a new item");
        }
        double probability = scorer.score(user.featuresOf(index), user.featureCount())[0];
        Product product = store.products(List.of(productId)).get(productId);
        return new Responses.ReorderProbability(Long.toString(userId), Long.toString(productId), probability,
                info(productId, product), model.runId(), user.runId());
    }

    /** How many candidates a next-basket answer lists when the request does not say. */
    public static final int DEFAULT_CANDIDATES = 50;
    /** The most a request may ask for: a user's item can hold a few thousand. */
    public static final int MAX_CANDIDATES = 500;

    /**
     * @param limit how many of the user's candidates to list, best first (1 to {@link #MAX_CANDIDATES});
     *              the basket is listed whole even if it is longer. Every candidate is scored and
     *              counts in the expected F1; only the listing is cut, so a user with thousands of
     *              candidates does not cost thousands of catalog reads and a 300 KB answer.
     */
    public Responses.NextBasket nextBasket(long userId, long limit) {
        if (limit < 1 || limit > MAX_CANDIDATES) {
            throw ApiError.badRequest("limit must be between 1 and " + MAX_CANDIDATES + ", got " + limit);
        }
        ModelVersion model = scorer.version();
        UserCandidates user = candidatesOf(userId, model);
        double[] probabilities = scorer.score(user.features(), user.featureCount());
        ExpectedF1Basket.Choice choice = ExpectedF1Basket.choose(probabilities);
        int basketSize = choice.chosen().length;
        Optional<CandidateExplanations> explanations = store.layout(user.manifestFingerprint())
                .map(layout -> CandidateExplanations.of(layout.featureNames()));

        // Best first, in the order the basket was chosen from (equal probabilities in the item's
        // order), so the answer does not wobble between calls and the basket is its head.
        int[] order = ExpectedF1Basket.mostProbableFirst(probabilities);
        int listed = (int) Math.min(user.size(), Math.max(limit, basketSize));
        // The best new items, wherever they rank: the user's own products usually fill the top.
        List<Integer> newItems = new ArrayList<>(NEW_ITEMS);
        for (int r = 0; r < order.length && newItems.size() < NEW_ITEMS && explanations.isPresent(); r++) {
            if (explanations.get().source(user.features(), order[r] * user.featureCount()).equals(CandidateExplanations.EXPLORE)) {
                newItems.add(r);
            }
        }
        List<Long> shownIds = new ArrayList<>(listed + newItems.size());
        for (int r = 0; r < listed; r++) {
            shownIds.add(user.productIds()[order[r]]);
        }
        newItems.forEach(r -> shownIds.add(user.productIds()[order[r]]));
        Map<Long, Product> products = store.products(shownIds);
        List<Responses.BasketCandidate> candidates = new ArrayList<>();
        List<String> basket = new ArrayList<>();
        for (int r = 0; r < listed; r++) {
            candidates.add(candidate(user, order[r], r < basketSize, probabilities, products, explanations));
            if (r < basketSize) {
                basket.add(Long.toString(user.productIds()[order[r]]));
            }
        }
        List<Responses.BasketCandidate> newItemAnswers = newItems.stream()
                .map(r -> candidate(user, order[r], r < basketSize, probabilities, products, explanations)).toList();
        return new Responses.NextBasket(Long.toString(userId), user.size(), candidates, basket, newItemAnswers,
                choice.expectedF1(), choice.noneProbability(), missions(user.missions(), user.runId()), model.runId(), user.runId());
    }

    /** How many of the best new items a next-basket answer lists beside the candidates. */
    public static final int NEW_ITEMS = 10;

    private static CandidateExplanations.Explanation explain(Optional<CandidateExplanations> explanations,
                                                             UserCandidates user, int index) {
        return explanations.map(e -> e.explain(user.features(), index * user.featureCount()))
                .orElse(new CandidateExplanations.Explanation(null, null));
    }

    private static Responses.BasketCandidate candidate(UserCandidates user, int index, boolean inBasket, double[] probabilities,
                                                       Map<Long, Product> products,
                                                       Optional<CandidateExplanations> explanations) {
        long productId = user.productIds()[index];
        Product product = products.get(productId);
        CandidateExplanations.Explanation why = explain(explanations, user, index);
        return new Responses.BasketCandidate(Long.toString(productId),
                product == null ? null : product.name(), product == null ? null : product.aisle(),
                product == null ? null : product.department(), probabilities[index], inBasket, why.source(), why.reason());
    }

    /** How many similar products an answer lists when the request does not say, and the most it may ask for. */
    public static final int DEFAULT_SIMILAR = 10;
    public static final int MAX_SIMILAR = 50;

    /**
     * "Bought together": the run's most similar products to this one, with names. No model is
     * involved, so it answers whichever run's catalog is loaded.
     *
     * @param limit how many to list, 1 to {@link #MAX_SIMILAR}
     */
    public Responses.SimilarProducts similarProducts(long productId, long limit) {
        if (limit < 1 || limit > MAX_SIMILAR) {
            throw ApiError.badRequest("limit must be between 1 and " + MAX_SIMILAR + ", got " + limit);
        }
        BoughtTogether similar = store.boughtTogether(productId).orElseThrow(() -> ApiError.notFound("unknown product",
                "product " + productId + " is not in the catalog"));
        int listed = (int) Math.min(limit, similar.size());
        List<Long> ids = new ArrayList<>(listed + 1);
        ids.add(productId);
        for (int r = 0; r < listed; r++) {
            ids.add(similar.similarIds()[r]);
        }
        Map<Long, Product> products = store.products(ids);
        List<Responses.SimilarProduct> answer = new ArrayList<>(listed);
        for (int r = 0; r < listed; r++) {
            long id = similar.similarIds()[r];
            Responses.ProductInfo info = info(id, products.get(id));
            // The score is stored as float32: its shortest decimal, not the double's noise digits.
            answer.add(new Responses.SimilarProduct(info.productId(), info.name(), info.aisle(), info.department(),
                    Double.parseDouble(Float.toString(similar.scores()[r])), r + 1));
        }
        return new Responses.SimilarProducts(info(productId, products.get(productId)), answer);
    }

    /** How many suggestions a cart-completion answer lists when the request does not say, and the most it may ask for. */
    public static final int DEFAULT_SUGGESTIONS = 10;
    public static final int MAX_SUGGESTIONS = 50;

    /**
     * What the user may have forgotten, or may add next, given the cart so far: every candidate of
     * the user not in the cart, scored by the model as in next-basket and lifted by the products of
     * the cart that are often bought with it. The two combine as a noisy-or,
     * {@code 1 - (1 - probability) * (1 - affinity)}: a candidate is suggested when the user's
     * habits or the cart call for it, and most when both do; with an empty cart, or a cart of
     * products nothing goes with, the order is next-basket's.
     *
     * @param cart  distinct product ids, at most {@link CartRequest#MAX_CART}
     * @param limit how many suggestions to list, 1 to {@link #MAX_SUGGESTIONS}
     */
    public Responses.CartCompletion cartCompletion(long userId, List<Long> cart, long limit) {
        if (limit < 1 || limit > MAX_SUGGESTIONS) {
            throw ApiError.badRequest("limit must be between 1 and " + MAX_SUGGESTIONS + ", got " + limit);
        }
        ModelVersion model = scorer.version();
        UserCandidates user = candidatesOf(userId, model);
        double[] probabilities = scorer.score(user.features(), user.featureCount());
        java.util.Set<Long> inCart = new java.util.HashSet<>(cart);
        // A cart product's list names what goes with it; the candidate keeps its best such score.
        Map<Long, Integer> candidateIndex = new java.util.HashMap<>();
        for (int i = 0; i < user.size(); i++) {
            candidateIndex.put(user.productIds()[i], i);
        }
        double[] affinity = new double[user.size()];
        long[] goesWith = new long[user.size()];
        for (BoughtTogether list : cart.isEmpty() ? List.<BoughtTogether>of() : store.boughtTogether(cart).values()) {
            for (int r = 0; r < list.size(); r++) {
                Integer i = candidateIndex.get(list.similarIds()[r]);
                double score = Math.min(1.0, Math.max(0.0, list.scores()[r]));
                if (i != null && score > affinity[i]) {
                    affinity[i] = score;
                    goesWith[i] = list.productId();
                }
            }
        }
        List<Integer> open = new ArrayList<>();
        double[] combined = new double[user.size()];
        for (int i = 0; i < user.size(); i++) {
            if (!inCart.contains(user.productIds()[i])) {
                combined[i] = 1 - (1 - probabilities[i]) * (1 - affinity[i]);
                open.add(i);
            }
        }
        // Best first; ties by the model's probability, then the lower product id, so the answer is stable.
        open.sort((a, b) -> {
            int byScore = Double.compare(combined[b], combined[a]);
            if (byScore != 0) {
                return byScore;
            }
            int byProbability = Double.compare(probabilities[b], probabilities[a]);
            return byProbability != 0 ? byProbability : Long.compare(user.productIds()[a], user.productIds()[b]);
        });
        List<Integer> listed = open.subList(0, (int) Math.min(limit, open.size()));
        List<Long> names = new ArrayList<>();
        for (int i : listed) {
            names.add(user.productIds()[i]);
            if (affinity[i] > 0) {
                names.add(goesWith[i]);
            }
        }
        Map<Long, Product> products = store.products(names);
        Optional<CandidateExplanations> explanations = store.layout(user.manifestFingerprint())
                .map(layout -> CandidateExplanations.of(layout.featureNames()));
        List<Responses.CartSuggestion> suggestions = new ArrayList<>(listed.size());
        for (int i : listed) {
            long productId = user.productIds()[i];
            Responses.ProductInfo info = info(productId, products.get(productId));
            Responses.ProductInfo with = affinity[i] > 0 ? info(goesWith[i], products.get(goesWith[i])) : null;
            CandidateExplanations.Explanation why = explain(explanations, user, i);
            String reason = why.reason();
            if (with != null) {
                String together = "goes with " + (with.name() == null ? "product " + with.productId() : with.name()) + " in your cart";
                reason = reason == null || reason.isEmpty() ? together : together + " · " + reason;
            }
            suggestions.add(new Responses.CartSuggestion(info.productId(), info.name(), info.aisle(), info.department(),
                    probabilities[i], Double.parseDouble(Float.toString((float) affinity[i])), with, combined[i],
                    why.source(), reason));
        }
        return new Responses.CartCompletion(Long.toString(userId), cart.stream().map(String::valueOf).toList(), suggestions,
                model.runId(), user.runId());
    }

    /** How many past orders an orders answer lists when the request does not say. */
    public static final int DEFAULT_ORDERS = 5;

    /**
     * The user's latest past orders with product names: the history the features were built from.
     *
     * @param limit how many orders, 1 to {@link OrderHistory#KEPT}
     */
    public Responses.RecentOrders recentOrders(long userId, long limit) {
        if (limit < 1 || limit > OrderHistory.KEPT) {
            throw ApiError.badRequest("limit must be between 1 and " + OrderHistory.KEPT + ", got " + limit);
        }
        UserHistory user = store.history(userId).orElseThrow(() -> ApiError.notFound("unknown user",
                "no order history for user " + userId + " in the feature store"));
        OrderHistory history = user.orders();
        List<PastOrder> orders = history.orders().subList(0, (int) Math.min(limit, history.orders().size()));
        List<Long> ids = new ArrayList<>();
        orders.forEach(order -> java.util.Arrays.stream(order.productIds()).forEach(ids::add));
        Map<Long, Product> products = store.products(ids);
        List<Responses.PastOrder> answer = new ArrayList<>(orders.size());
        Double before = 0.0;
        for (PastOrder order : orders) {
            List<Responses.ProductInfo> lines = java.util.Arrays.stream(order.productIds())
                    .mapToObj(id -> info(id, products.get(id))).toList();
            answer.add(new Responses.PastOrder(Long.toString(order.orderId()), order.orderNumber(), order.dayOfWeek(),
                    order.hourOfDay(), order.daysSincePriorOrder(), before, lines));
            // The next (older) order lies this order's gap further back.
            before = before == null || order.daysSincePriorOrder() == null ? null : before + order.daysSincePriorOrder();
        }
        return new Responses.RecentOrders(Long.toString(userId), answer, missions(user.missions(), user.runId()));
    }

    /**
     * A user's missions, largest share first (ties by id), at most {@link MissionProfile#TOP}, named
     * by the layout of the run that loaded the user's item: another run's LDA numbers its missions
     * afresh, so while the store's layout is another run's the missions are listed unnamed. The
     * layout is read only for a user who has missions (and is held by the reader between requests).
     */
    private List<Responses.Mission> missions(MissionProfile profile, String runId) {
        if (profile.missions().isEmpty()) {
            return List.of();
        }
        Map<Integer, String> names = store.layoutOfRun(runId).map(FeatureLayout::missionNames).orElse(Map.of());
        return profile.missions().stream()
                .sorted(Comparator.comparingDouble(MissionProfile.MissionShare::share).reversed()
                        .thenComparingInt(MissionProfile.MissionShare::mission))
                .limit(MissionProfile.TOP)
                // The share is stored as float32: its shortest decimal, not the double's noise digits.
                .map(mission -> new Responses.Mission(mission.mission(), names.get(mission.mission()),
                        Double.parseDouble(Float.toString((float) mission.share()))))
                .toList();
    }

    private UserCandidates candidatesOf(long userId, ModelVersion model) {
        UserCandidates user = store.candidates(userId).orElseThrow(() -> ApiError.notFound("unknown user",
                "no order history for user " + userId + " in the feature store"));
        if (!user.manifestFingerprint().equals(model.manifestFingerprint())) {
            // Scoring vectors laid out for another manifest would give confident nonsense.
            throw new ApiError(503, "model and features disagree",
                    "the feature store holds features of run " + user.runId() + " (manifest " + user.manifestFingerprint()
                            + ") but model " + model.runId() + " was trained on manifest " + model.manifestFingerprint()
                            + "; load the features of the model's run");
        }
        return user;
    }

    private static Responses.ProductInfo info(long productId, Product product) {
        return product == null ? new Responses.ProductInfo(Long.toString(productId), null, null, null)
                : new Responses.ProductInfo(Long.toString(productId), product.name(), product.aisle(), product.department());
    }
}
