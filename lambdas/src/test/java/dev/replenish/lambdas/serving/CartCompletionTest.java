package dev.replenish.lambdas.serving;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.featurestore.BoughtTogether;
import dev.replenish.core.featurestore.FeatureLayout;
import dev.replenish.core.featurestore.Product;
import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.core.serving.ModelVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CartCompletionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final InMemoryStore store = new InMemoryStore();
    private final ApiHandler handler;

    CartCompletionTest() {
        // User 5's candidates 10, 20 and 30; the first feature is the model's probability (0.25, 0.95, 0.6)
        // and the second the history flag the explanations read (10 and 20 bought before, 30 new).
        store.users.put(5L, new UserCandidates(5, "run-7", "fp-1", new long[]{10, 20, 30},
                new float[]{0.25f, 1f, 0.95f, 1f, 0.6f, 0f}, 2));
        store.layout = new FeatureLayout("run-7", "fp-1", List.of("score", "candidate_from_history"), List.of(5L));
        store.products.put(10L, new Product(10, "Banana", "fresh fruits", "produce"));
        store.products.put(20L, new Product(20, "Whole Milk", "milk", "dairy eggs"));
        store.products.put(30L, new Product(30, "Oat Milk", "milk", "dairy eggs"));
        store.products.put(99L, new Product(99, "Cereal", "cereal", "breakfast"));
        // Milk goes with bananas (0.8) and cereal (0.5); cereal is no candidate of user 5.
        store.similar.put(20L, new BoughtTogether(20, new long[]{10, 99}, new float[]{0.8f, 0.5f}));
        store.similar.put(99L, new BoughtTogether(99, new long[]{30}, new float[]{0.1f}));
        handler = new ApiHandler(new PredictionService(store, InMemoryStore.firstFeatureScorer(new ModelVersion("run-7", "fp-1"))),
                "https://site.example");
    }

    private APIGatewayProxyResponseEvent post(String userId, String body, Map<String, String> query) {
        return handler.answer(new APIGatewayProxyRequestEvent().withResource(ApiHandler.CART_COMPLETION).withHttpMethod("POST")
                .withPathParameters(Map.of("userId", userId)).withQueryStringParameters(query).withBody(body));
    }

    private JsonNode answer(APIGatewayProxyResponseEvent response, int status) throws Exception {
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        return JSON.readTree(response.getBody());
    }

    private static List<String> ids(JsonNode suggestions) {
        List<String> ids = new ArrayList<>();
        suggestions.forEach(s -> ids.add(s.get("productId").asText()));
        return ids;
    }

    @Test
    void aProductOftenBoughtWithTheCartRisesAboveOneTheUserIsLikelierToBuyAndCartItemsAreLeftOut() throws Exception {
        // GIVEN milk (20) in the cart, which lists bananas (10) at 0.8
        JsonNode body = answer(post("5", "{\"cart\": [20]}", null), 200);
        // THEN milk itself is not suggested, and bananas (0.25 alone) come before oat milk (0.6):
        // 1 - (1 - 0.25) * (1 - 0.8) = 0.85
        assertEquals(List.of("10", "30"), ids(body.get("suggestions")));
        JsonNode bananas = body.get("suggestions").get(0);
        assertEquals(0.85, bananas.get("score").asDouble(), 1e-6);
        assertEquals(0.25, bananas.get("probability").asDouble(), 1e-6);
        assertEquals(0.8, bananas.get("cartAffinity").asDouble(), 1e-9);
        // AND it says which cart product it goes with, by name, in its reason too
        assertEquals("20", bananas.get("goesWith").get("productId").asText());
        assertEquals("Whole Milk", bananas.get("goesWith").get("name").asText());
        assertTrue(bananas.get("reason").asText().startsWith("goes with Whole Milk in your cart"), bananas.toString());
        assertEquals("repeat", bananas.get("source").asText());
        // AND oat milk, which nothing in the cart lists, keeps the model's probability and says it is new
        JsonNode oatMilk = body.get("suggestions").get(1);
        assertEquals(0.6, oatMilk.get("score").asDouble(), 1e-6);
        assertEquals(0.0, oatMilk.get("cartAffinity").asDouble());
        assertTrue(oatMilk.get("goesWith").isNull());
        assertEquals("explore", oatMilk.get("source").asText());
        // AND the cart is echoed with both runs named
        assertEquals("[\"20\"]", body.get("cart").toString());
        assertEquals("run-7", body.get("modelRun").asText());
        assertEquals("run-7", body.get("featureRun").asText());
    }

    @Test
    void anEmptyCartSuggestsInNextBasketsOrder() throws Exception {
        // GIVEN an empty cart
        JsonNode body = answer(post("5", "{\"cart\": []}", null), 200);
        // THEN the suggestions are the candidates by the model's probability alone
        assertEquals(List.of("20", "30", "10"), ids(body.get("suggestions")));
        body.get("suggestions").forEach(s -> assertEquals(s.get("probability").asDouble(), s.get("score").asDouble(), 1e-12));
    }

    @Test
    void idsMayBeStringsOrNumbersAndRepeatsCountOnce() throws Exception {
        // GIVEN the cart as the API writes ids (strings), one of them twice, and a product not in the catalog
        JsonNode body = answer(post("5", "{\"cart\": [\"20\", 20, \"777\"]}", Map.of("limit", "1")), 200);
        // THEN the cart is read as {20, 777}, and the limit cuts the list
        assertEquals("[\"20\",\"777\"]", body.get("cart").toString());
        assertEquals(List.of("10"), ids(body.get("suggestions")));
    }

    @Test
    void aBase64EncodedBodyIsReadAsItsText() throws Exception {
        // GIVEN API Gateway passing the body base64-encoded
        String encoded = Base64.getEncoder().encodeToString("{\"cart\": [20]}".getBytes(StandardCharsets.UTF_8));
        APIGatewayProxyResponseEvent response = handler.answer(new APIGatewayProxyRequestEvent()
                .withResource(ApiHandler.CART_COMPLETION).withHttpMethod("POST").withPathParameters(Map.of("userId", "5"))
                .withBody(encoded).withIsBase64Encoded(true));
        // THEN it is the same cart
        assertEquals(List.of("10", "30"), ids(answer(response, 200).get("suggestions")));
    }

    @Test
    void aCartOfMoreThan200IdsIsA413NamingTheField() throws Exception {
        // GIVEN 201 distinct ids
        String cart = IntStream.rangeClosed(1, 201).mapToObj(Integer::toString).collect(Collectors.joining(","));
        JsonNode body = answer(post("5", "{\"cart\": [" + cart + "]}", null), 413);
        // THEN the error names the field and the rule; 200 ids are fine
        assertTrue(body.get("detail").asText().startsWith("cart: at most 200"), body.toString());
        String full = IntStream.rangeClosed(1, 200).mapToObj(Integer::toString).collect(Collectors.joining(","));
        answer(post("5", "{\"cart\": [" + full + "]}", null), 200);
    }

    @Test
    void malformedBodiesAre400sNamingTheField() throws Exception {
        // GIVEN bodies a client may get wrong, and the field each error must name
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("", "body:");
        cases.put("{\"cart\": [20", "body: not valid JSON");
        cases.put("[20]", "body: must be a JSON object");
        cases.put("{\"card\": [20]}", "body: unknown field 'card'");
        cases.put("{}", "cart: is required");
        cases.put("{\"cart\": 20}", "cart: must be a list of product ids, got a number");
        cases.put("{\"cart\": [20, \"x\"]}", "cart[1] must be a positive 64-bit integer, got 'x'");
        cases.put("{\"cart\": [20, 1.5]}", "cart[1] must be a positive 64-bit integer, got a fraction");
        cases.put("{\"cart\": [-3]}", "cart[0] must be a positive 64-bit integer, got '-3'");
        cases.put("{\"cart\": [null]}", "cart[0] must be a positive 64-bit integer, got null");
        cases.put("{\"cart\": [99999999999999999999]}", "cart[0] must be a positive 64-bit integer");
        cases.put("{\"cart\": [20], \"cart\": [10]}", "cart: given twice");
        cases.put("{\"cart\": []} {}", "body: text after the JSON object");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            // WHEN each is posted THEN it is a 400 whose detail starts with the field
            JsonNode body = answer(post("5", c.getKey(), null), 400);
            assertEquals("bad request", body.get("error").asText());
            assertTrue(body.get("detail").asText().startsWith(c.getValue()), c.getKey() + " -> " + body);
        }
    }

    @Test
    void theCartRouteTakesOnlyPostAndTheOtherRoutesNoPost() throws Exception {
        // GIVEN a GET on the cart route and a POST on next-basket
        APIGatewayProxyResponseEvent get = handler.answer(new APIGatewayProxyRequestEvent().withResource(ApiHandler.CART_COMPLETION)
                .withHttpMethod("GET").withPathParameters(Map.of("userId", "5")));
        APIGatewayProxyResponseEvent post = handler.answer(new APIGatewayProxyRequestEvent().withResource(ApiHandler.NEXT_BASKET)
                .withHttpMethod("POST").withPathParameters(Map.of("userId", "5")).withBody("{}"));
        // THEN both are 405s that say which method the route serves
        assertTrue(answer(get, 405).get("detail").asText().contains("serves POST"));
        assertTrue(answer(post, 405).get("detail").asText().contains("serves GET"));
        // AND the CORS headers allow the page's POST
        assertTrue(get.getHeaders().get("Access-Control-Allow-Methods").contains("POST"));
    }

    @Test
    void anUnknownUserIsA404AndABadLimitA400() throws Exception {
        // GIVEN a user the store lacks, and limits outside 1..50
        assertEquals("unknown user", answer(post("6", "{\"cart\": []}", null), 404).get("error").asText());
        for (String limit : List.of("0", "51", "x")) {
            // THEN each limit is refused naming it
            assertTrue(answer(post("5", "{\"cart\": []}", Map.of("limit", limit)), 400).get("detail").asText().startsWith("limit"));
        }
        // AND a user id is checked before the body
        assertFalse(answer(post("abc", "not json", null), 400).get("detail").asText().startsWith("body"));
    }
}
