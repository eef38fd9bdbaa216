package dev.replenish.lambdas.serving;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.featurestore.FeatureLayout;
import dev.replenish.core.featurestore.OrderHistory;
import dev.replenish.core.featurestore.PastOrder;
import dev.replenish.core.featurestore.Product;
import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.core.missions.MissionProfile;
import dev.replenish.core.serving.ModelVersion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentOrdersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final InMemoryStore store = new InMemoryStore();
    private final ApiHandler handler;

    RecentOrdersTest() {
        // User 5 shops mostly for mission 2, then 1; the run's layout names both.
        store.users.put(5L, new UserCandidates(5, "run-7", "fp-1", new long[]{10}, new float[]{0.5f}, 1,
                MissionProfile.top(List.of(0.25, 0.75))));
        store.layout = new FeatureLayout("run-7", "fp-1", List.of("score"), List.of(5L), List.of(
                new FeatureLayout.MissionName(1, "fresh fruits & fresh vegetables", 0.6), new FeatureLayout.MissionName(2, "yogurt & milk", 0.4)));
        store.users.put(6L, new UserCandidates(6, "run-7", "fp-1", new long[]{10}, new float[]{0.5f}, 1));
        // User 5's latest three past orders, latest first: 7 and 3 days apart; the oldest is the first order.
        store.orders.put(5L, new OrderHistory(5, List.of(
                new PastOrder(103, 12, 2, 9, 7.0, new long[]{20, 10}),
                new PastOrder(102, 11, 4, 18, 3.0, new long[]{30}),
                new PastOrder(101, 10, null, null, null, new long[]{10}))));
        store.products.put(10L, new Product(10, "Banana", "fresh fruits", "produce"));
        store.products.put(20L, new Product(20, "Whole Milk", "milk", "dairy eggs"));
        handler = new ApiHandler(new PredictionService(store, InMemoryStore.firstFeatureScorer(new ModelVersion("run-7", "fp-1"))),
                "https://site.example");
    }

    private JsonNode get(String userId, Map<String, String> query, int status) throws Exception {
        APIGatewayProxyResponseEvent response = handler.answer(new APIGatewayProxyRequestEvent()
                .withResource(ApiHandler.RECENT_ORDERS).withHttpMethod("GET").withPathParameters(Map.of("userId", userId))
                .withQueryStringParameters(query));
        assertEquals(status, response.getStatusCode(), response.getBody());
        return JSON.readTree(response.getBody());
    }

    @Test
    void ordersComeLatestFirstWithTheirProductsInCartOrderAndNamed() throws Exception {
        // GIVEN user 5's three stored orders, asked for with the default limit
        JsonNode body = get("5", null, 200);
        // THEN all three are listed, latest first, with their timing
        JsonNode orders = body.get("orders");
        assertEquals(3, orders.size());
        assertEquals("103", orders.get(0).get("orderId").asText());
        assertEquals(12, orders.get(0).get("orderNumber").asInt());
        assertEquals(2, orders.get(0).get("dayOfWeek").asInt());
        assertEquals(9, orders.get(0).get("hourOfDay").asInt());
        // AND each product in the order it was added to the cart, named where the catalog knows it
        assertEquals("20", orders.get(0).get("products").get(0).get("productId").asText());
        assertEquals("Whole Milk", orders.get(0).get("products").get(0).get("name").asText());
        assertEquals("Banana", orders.get(0).get("products").get(1).get("name").asText());
        assertTrue(orders.get(1).get("products").get(0).get("name").isNull());
        // AND how long before the latest order each was placed: 0, then 7, then 7 + 3
        assertEquals(0.0, orders.get(0).get("daysBeforeLatestOrder").asDouble());
        assertEquals(7.0, orders.get(1).get("daysBeforeLatestOrder").asDouble());
        assertEquals(10.0, orders.get(2).get("daysBeforeLatestOrder").asDouble());
        // AND a first order has no gap, and unknown timing stays null rather than 0
        assertTrue(orders.get(2).get("daysSincePriorOrder").isNull());
        assertTrue(orders.get(2).get("dayOfWeek").isNull());
        // AND the answer names the user's missions, largest share first, as the run's layout names them
        assertEquals("[{\"id\":2,\"name\":\"yogurt & milk\",\"share\":0.75},"
                + "{\"id\":1,\"name\":\"fresh fruits & fresh vegetables\",\"share\":0.25}]", body.get("missions").toString());
    }

    @Test
    void theLimitCutsTheListAndMustLieBetweenOneAndTen() throws Exception {
        // GIVEN limit 2 THEN the two latest orders
        JsonNode body = get("5", Map.of("limit", "2"), 200);
        assertEquals(2, body.get("orders").size());
        assertEquals("102", body.get("orders").get(1).get("orderId").asText());
        // AND limits outside 1..10 are 400s naming the rule
        for (String limit : List.of("0", "11", "-1", "ten")) {
            assertTrue(get("5", Map.of("limit", limit), 400).get("detail").asText().startsWith("limit"), limit);
        }
    }

    @Test
    void anUnknownUserIsA404AndAUserLoadedWithoutOrdersHasAnEmptyList() throws Exception {
        // GIVEN user 7 (not in the store) and user 6 (an item without orders)
        assertEquals("unknown user", get("7", null, 404).get("error").asText());
        // THEN user 6 answers 200 with no orders and no missions
        JsonNode six = get("6", null, 200);
        assertEquals(0, six.get("orders").size());
        assertTrue(six.get("missions").isArray() && six.get("missions").isEmpty(), six.toString());
    }
}
