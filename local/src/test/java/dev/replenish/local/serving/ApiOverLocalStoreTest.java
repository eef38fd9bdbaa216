package dev.replenish.local.serving;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.featurestore.BoughtTogether;
import dev.replenish.core.featurestore.FeatureLayout;
import dev.replenish.core.featurestore.OrderHistory;
import dev.replenish.core.featurestore.PastOrder;
import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.core.missions.MissionProfile;
import dev.replenish.core.serving.ModelVersion;
import dev.replenish.featurestore.BatchWriteSettings;
import dev.replenish.featurestore.BatchWriter;
import dev.replenish.featurestore.DynamoFeatureStoreReader;
import dev.replenish.featurestore.FeatureStoreItems;
import dev.replenish.lambdas.serving.ApiHandler;
import dev.replenish.lambdas.serving.PredictionService;
import dev.replenish.local.featurestore.LocalDynamoDb;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API handler as {@code serve} runs it: the Lambda's feature-store reader over DynamoDB Local
 * (the engine in-process, as serve opens it) and a small XGBoost model trained here. Expected
 * probabilities come from the booster's own DMatrix prediction, not from the scorer under test.
 */
class ApiOverLocalStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FEATURES = List.of("candidate_from_history", "user_product_times_bought",
            "user_prior_orders", "user_product_purchases_in_last_5_orders");
    private static final long USER = 5;
    /** User 5's candidates: 101-106 bought before, 201-202 new to them. */
    private static final long[] CANDIDATES = {101, 102, 103, 104, 105, 106, 201, 202};

    @TempDir
    static Path work;
    private static LocalDynamoDb dynamo;
    private static DynamoDbClient client;
    private static Booster booster;
    private static ApiHandler handler;
    private static float[] vectors;
    private static OrderHistory history;
    /** User 5's missions as the join packs them: 4 (0.5), 2 (0.3), 7 (0.15); mission 1's 0.05 is not kept. */
    private static final MissionProfile MISSIONS = MissionProfile.top(List.of(0.05, 0.3, 0.0, 0.5, 0.0, 0.0, 0.15));
    private static final List<FeatureLayout.MissionName> MISSION_NAMES = List.of(
            new FeatureLayout.MissionName(2, "yogurt & milk", 0.2), new FeatureLayout.MissionName(4, "fresh fruits & fresh vegetables", 0.4),
            new FeatureLayout.MissionName(7, "chips pretzels & soft drinks", 0.1));

    @BeforeAll
    static void storeAndModel() throws Exception {
        // A booster trained with the project's parameters: re-ordered when bought often lately.
        Random random = new Random(3);
        int rows = 3_000;
        float[] training = new float[rows * FEATURES.size()];
        float[] labels = new float[rows];
        for (int i = 0; i < rows; i++) {
            boolean repeat = random.nextDouble() < 0.8;
            float orders = 5 + random.nextInt(20);
            float bought = repeat ? 1 + random.nextInt((int) orders) : 0;
            float lastFive = repeat ? Math.min(5, random.nextInt(6)) : 0;
            System.arraycopy(new float[]{repeat ? 1 : 0, bought, orders, lastFive}, 0, training, i * 4, 4);
            labels[i] = random.nextDouble() < 0.05 + 0.17 * lastFive ? 1 : 0;
        }
        DMatrix matrix = new DMatrix(training, rows, FEATURES.size(), Float.NaN);
        matrix.setLabel(labels);
        booster = XGBoost.train(matrix, new HashMap<>(ReplenishConfig.defaults().training().xgboostParameters(1)), 20,
                Map.of(), null, null);

        vectors = new float[]{
                1, 9, 10, 5, 1, 7, 10, 4, 1, 4, 10, 2, 1, 2, 10, 1, 1, 1, 10, 0, 1, 3, 10, 3,
                0, 0, 10, 0, 0, 0, 10, 0};
        history = new OrderHistory(USER, List.of(
                new PastOrder(9_010, 10, 3, 14, 6.0, new long[]{101, 102, 103}),
                new PastOrder(9_009, 9, 2, 10, 8.0, new long[]{101, 106}),
                new PastOrder(9_008, 8, null, null, null, new long[]{104})));
        dynamo = LocalDynamoDb.startServing(work, 16L << 20);
        client = dynamo.target().newClient();
        dynamo.target().createTablesIfMissing(client);
        BatchWriteSettings settings = BatchWriteSettings.defaults();
        new BatchWriter(client, dynamo.target().featureTable(), settings).write(List.of(
                FeatureStoreItems.toItem(new UserCandidates(USER, "run-1", "fp-1", CANDIDATES, vectors, FEATURES.size(), MISSIONS),
                        history),
                FeatureStoreItems.layoutItem(new FeatureLayout("run-1", "fp-1", FEATURES, List.of(USER), MISSION_NAMES))).iterator());
        List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> catalog = new ArrayList<>();
        for (long id : new long[]{101, 102, 103, 104, 105, 106, 201, 202}) {
            // Product 105 is bought with 202 (0.9) and 106 (0.2); the others list nothing.
            BoughtTogether similar = id == 105 ? new BoughtTogether(105, new long[]{202, 106}, new float[]{0.9f, 0.2f})
                    : BoughtTogether.none(id);
            catalog.add(FeatureStoreItems.productItem(id, "product " + id, "aisle " + id % 3, "dept", similar));
        }
        new BatchWriter(client, dynamo.target().productTable(), settings).write(catalog.iterator());
        handler = new ApiHandler(new PredictionService(new DynamoFeatureStoreReader(client, dynamo.target()),
                new LocalXgboostScorer(booster, new ModelVersion("run-1", "fp-1"))), "http://127.0.0.1");
    }

    @AfterAll
    static void stop() {
        client.close();
        dynamo.close();
    }

    private static float[] expectedProbabilities() throws Exception {
        float[][] predicted = booster.predict(new DMatrix(vectors, CANDIDATES.length, FEATURES.size(), Float.NaN));
        float[] probabilities = new float[predicted.length];
        for (int i = 0; i < predicted.length; i++) {
            probabilities[i] = predicted[i][0];
        }
        return probabilities;
    }

    private static JsonNode call(String method, String resource, Map<String, String> path, String body) throws Exception {
        APIGatewayProxyResponseEvent response = handler.handleRequest(new APIGatewayProxyRequestEvent().withHttpMethod(method)
                .withResource(resource).withPathParameters(path).withBody(body), new LocalLambdaContext("test"));
        assertEquals(200, response.getStatusCode(), response.getBody());
        return JSON.readTree(response.getBody());
    }

    private static int indexOf(long productId) {
        for (int i = 0; i < CANDIDATES.length; i++) {
            if (CANDIDATES[i] == productId) {
                return i;
            }
        }
        throw new AssertionError(productId);
    }

    @Test
    void nextBasketScoresEveryStoredCandidateAsTheBoosterPredictsItAndExplainsIt() throws Exception {
        // GIVEN user 5's stored candidates and the booster's own predictions for their vectors
        float[] expected = expectedProbabilities();
        // WHEN the next basket is asked for
        JsonNode body = call("GET", ApiHandler.NEXT_BASKET, Map.of("userId", "5"), null);
        // THEN every candidate carries the booster's probability, best first, with names from the catalog
        JsonNode candidates = body.get("candidates");
        assertEquals(CANDIDATES.length, candidates.size());
        double previous = 1;
        for (JsonNode candidate : candidates) {
            long id = candidate.get("productId").asLong();
            assertEquals(expected[indexOf(id)], (float) candidate.get("probability").asDouble(), "product " + id);
            assertTrue(candidate.get("probability").asDouble() <= previous);
            previous = candidate.get("probability").asDouble();
            assertEquals("product " + id, candidate.get("name").asText());
            // AND the stored layout turns each vector into its source and reason
            assertEquals(id < 200 ? "repeat" : "explore", candidate.get("source").asText(), candidate.toString());
            if (id == 101) {
                assertEquals("in 5 of your last 5 orders", candidate.get("reason").asText());
            }
        }
        // AND the new items are the two explore candidates
        assertEquals(2, body.get("newItems").size());
        // AND the user's stored missions are named from the stored layout, largest share first
        assertEquals(EXPECTED_MISSIONS, body.get("missions").toString());
    }

    private static final String EXPECTED_MISSIONS = "[{\"id\":4,\"name\":\"fresh fruits & fresh vegetables\",\"share\":0.5},"
            + "{\"id\":2,\"name\":\"yogurt & milk\",\"share\":0.3},"
            + "{\"id\":7,\"name\":\"chips pretzels & soft drinks\",\"share\":0.15}]";

    @Test
    void cartCompletionLiftsWhatTheCartsProductsAreBoughtWithAndLeavesTheCartOut() throws Exception {
        // GIVEN product 105 in the cart, which lists 202 at 0.9 and 106 at 0.2
        float[] p = expectedProbabilities();
        // WHEN the cart is posted
        JsonNode body = call("POST", ApiHandler.CART_COMPLETION, Map.of("userId", "5"), "{\"cart\": [105]}");
        // THEN 105 is not suggested, and 202's score is the noisy-or of the booster's probability and 0.9
        List<Long> order = new ArrayList<>();
        body.get("suggestions").forEach(s -> order.add(s.get("productId").asLong()));
        assertFalse(order.contains(105L));
        JsonNode new202 = body.get("suggestions").get(order.indexOf(202L));
        double expected202 = 1 - (1 - p[indexOf(202)]) * (1 - 0.9);
        assertEquals(expected202, new202.get("score").asDouble(), 1e-6);
        assertEquals("105", new202.get("goesWith").get("productId").asText());
        // AND it ranks above every suggestion with a lower combined score, which is every one the cart does not lift
        for (long id : order) {
            if (id != 202 && id != 106) {
                assertTrue(order.indexOf(202L) < order.indexOf(id) || p[indexOf(id)] > expected202, "202 vs " + id);
            }
        }
    }

    @Test
    void ordersAndReorderProbabilityAndSimilarProductsAnswerFromTheSameStore() throws Exception {
        // WHEN the user's orders, one likelihood and one product's list are asked for
        JsonNode ordersAnswer = call("GET", ApiHandler.RECENT_ORDERS, Map.of("userId", "5"), null);
        JsonNode orders = ordersAnswer.get("orders");
        JsonNode likelihood = call("GET", ApiHandler.REORDER_PROBABILITY, Map.of("userId", "5", "productId", "106"), null);
        JsonNode similar = call("GET", ApiHandler.SIMILAR_PRODUCTS, Map.of("productId", "105"), null).get("similar");
        // THEN the orders are the stored ones, latest first, with their products named
        assertEquals(history.orders().size(), orders.size());
        for (int o = 0; o < orders.size(); o++) {
            assertEquals(Long.toString(history.orders().get(o).orderId()), orders.get(o).get("orderId").asText());
            long[] products = history.orders().get(o).productIds();
            assertEquals(products.length, orders.get(o).get("products").size());
            for (int i = 0; i < products.length; i++) {
                assertEquals("product " + products[i], orders.get(o).get("products").get(i).get("name").asText());
            }
        }
        // AND the orders answer names the same missions as next-basket, from its projected read of the item
        assertEquals(EXPECTED_MISSIONS, ordersAnswer.get("missions").toString());
        // AND the likelihood is the booster's for that vector, and the list is the catalog's
        assertEquals(expectedProbabilities()[indexOf(106)], (float) likelihood.get("probability").asDouble());
        assertEquals("202", similar.get(0).get("productId").asText());
        assertEquals(0.9, similar.get(0).get("score").asDouble(), 1e-9);
    }
}
