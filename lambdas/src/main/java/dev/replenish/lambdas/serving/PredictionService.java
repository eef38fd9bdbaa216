package dev.replenish.lambdas.serving;

import dev.replenish.core.basket.ExpectedF1Basket;
import dev.replenish.core.featurestore.FeatureStoreReader;
import dev.replenish.core.featurestore.Product;
import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.core.serving.ModelVersion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/** The two questions the API answers, from one feature-store read each. */
public final class PredictionService {

    private final FeatureStoreReader store;
    private final Scorer scorer;

    public PredictionService(FeatureStoreReader store, Scorer scorer) {
        this.store = store;
        this.scorer = scorer;
    }

    public Responses.Health health() {
        ModelVersion version = scorer.version();
        return new Responses.Health("ok", version.runId(), version.manifestFingerprint());
    }

    public Responses.ReorderProbability reorderProbability(long userId, long productId) {
        ModelVersion model = scorer.version();
        UserCandidates user = candidatesOf(userId, model);
        int index = user.indexOf(productId);
        if (index < 0) {
            throw ApiError.notFound("unknown product for this user",
                    "user " + userId + " has not bought product " + productId + " before, so it is not a re-order candidate");
        }
        double probability = scorer.score(user.featuresOf(index), user.featureCount())[0];
        Product product = store.products(List.of(productId)).get(productId);
        return new Responses.ReorderProbability(Long.toString(userId), Long.toString(productId), probability,
                info(productId, product), model.runId(), user.runId());
    }

    public Responses.NextBasket nextBasket(long userId) {
        ModelVersion model = scorer.version();
        UserCandidates user = candidatesOf(userId, model);
        double[] probabilities = scorer.score(user.features(), user.featureCount());
        ExpectedF1Basket.Choice choice = ExpectedF1Basket.choose(probabilities);
        Set<Integer> chosen = new HashSet<>();
        Arrays.stream(choice.chosen()).forEach(chosen::add);

        Integer[] order = IntStream.range(0, user.size()).boxed().toArray(Integer[]::new);
        // Best first; equal probabilities by product id so the answer does not wobble between calls.
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -probabilities[i]).thenComparingLong(i -> user.productIds()[i]));
        Map<Long, Product> products = store.products(Arrays.stream(user.productIds()).boxed().toList());
        List<Responses.BasketCandidate> candidates = new ArrayList<>();
        List<String> basket = new ArrayList<>();
        for (int i : order) {
            long productId = user.productIds()[i];
            Product product = products.get(productId);
            candidates.add(new Responses.BasketCandidate(Long.toString(productId),
                    product == null ? null : product.name(), product == null ? null : product.aisle(),
                    product == null ? null : product.department(), probabilities[i], chosen.contains(i)));
            if (chosen.contains(i)) {
                basket.add(Long.toString(productId));
            }
        }
        return new Responses.NextBasket(Long.toString(userId), candidates, basket, choice.expectedF1(),
                choice.noneProbability(), model.runId(), user.runId());
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
