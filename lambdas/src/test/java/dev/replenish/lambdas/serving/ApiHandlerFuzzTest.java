package dev.replenish.lambdas.serving;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.featurestore.BoughtTogether;
import dev.replenish.core.featurestore.Product;
import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.core.serving.ModelVersion;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of generated requests with hostile ids, limits and cart bodies on every route: whatever the client sends, the answer is a
 * 200 or a 4xx with a JSON error body, never a 5xx.
 */
class ApiHandlerFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ApiHandler handler;

    ApiHandlerFuzzTest() {
        InMemoryStore store = new InMemoryStore();
        store.users.put(1L, new UserCandidates(1, "run-a", "fp", new long[]{10, 20}, new float[]{0.9f, 1f, 0.2f, 2f}, 2));
        store.orders.put(1L, new dev.replenish.core.featurestore.OrderHistory(1, java.util.List.of(
                new dev.replenish.core.featurestore.PastOrder(7, 2, 1, 10, 6.0, new long[]{10, 1}),
                new dev.replenish.core.featurestore.PastOrder(6, 1, null, null, null, new long[]{20}))));
        store.products.put(1L, new Product(1, "Banana", "fresh fruits", "produce"));
        store.products.put(10L, new Product(10, "Milk", "milk", "dairy eggs"));
        store.similar.put(1L, new BoughtTogether(1, new long[]{10, 20}, new float[]{0.5f, 0.1f}));
        ModelVersion version = new ModelVersion("run-a", "fp");
        handler = new ApiHandler(new PredictionService(store, InMemoryStore.firstFeatureScorer(version)), "http://site.example");
    }

    @Provide
    Arbitrary<String> hostileIds() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(n -> Long.toString(n)),                             // negative, zero, huge
                Arbitraries.strings().numeric().ofMinLength(19).ofMaxLength(40),       // past 64 bits
                Arbitraries.strings().all().ofMaxLength(30),                           // any unicode, controls
                Arbitraries.strings().withChars("0123456789+-. eE%x").ofMaxLength(25), // number-like tricks
                Arbitraries.strings().alpha().ofMinLength(2000).ofMaxLength(5000),     // huge segments
                Arbitraries.of("", "1", "01", "0", "-1", "9223372036854775807", "9223372036854775808",
                        "１２３", "1e3", "0x10", " 1", "1 ", "NaN", "null"),
                Arbitraries.just((String) null));                                      // missing
    }

    @Provide
    Arbitrary<String> resources() {
        return Arbitraries.of(ApiHandler.REORDER_PROBABILITY, ApiHandler.NEXT_BASKET, ApiHandler.HEALTH, ApiHandler.SIMILAR_PRODUCTS,
                ApiHandler.CART_COMPLETION, ApiHandler.RECENT_ORDERS, "/v1/users/{userId}", "/unknown", null);
    }

    @Property(tries = 10_000)
    void noRequestEverGetsA5xxAndEveryErrorIsJson(@ForAll("resources") String resource,
                                                   @ForAll("hostileIds") String userId,
                                                   @ForAll("hostileIds") String productId,
                                                   @ForAll("hostileIds") String limit,
                                                   @ForAll("methods") String method,
                                                   @ForAll("hostileBodies") String body) throws Exception {
        // GIVEN a request with generated ids, limit and body on a generated route and method
        Map<String, String> path = new HashMap<>();
        path.put("userId", userId);
        path.put("productId", productId);
        Map<String, String> query = new HashMap<>();
        query.put("limit", limit);
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withResource(resource).withHttpMethod(method).withPathParameters(path)
                .withQueryStringParameters(limit == null ? null : query).withBody(body);
        // WHEN the handler answers
        APIGatewayProxyResponseEvent response = handler.answer(event);
        // THEN it is never a server error, always carries CORS, and a non-200 has a JSON error body
        int status = response.getStatusCode();
        assertTrue(status < 500, "status " + status + " for " + resource + " " + userId + " " + productId);
        assertEquals("http://site.example", response.getHeaders().get("Access-Control-Allow-Origin"));
        if (status >= 400) {
            JsonNode error = JSON.readTree(response.getBody());
            assertTrue(error.get("error").isTextual() && error.get("detail").isTextual(), response.getBody());
        }
    }

    @Property(tries = 10_000)
    void aKnownUsersCartAnswersOnlyA200A400OrA413AndNeverSuggestsWhatIsInTheCart(@ForAll("hostileBodies") String body)
            throws Exception {
        // GIVEN a generated body posted for a user the store holds
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withResource(ApiHandler.CART_COMPLETION)
                .withHttpMethod("POST").withPathParameters(Map.of("userId", "1")).withBody(body);
        // WHEN the handler answers
        APIGatewayProxyResponseEvent response = handler.answer(event);
        // THEN the answer is one of the contract's, with a JSON body
        int status = response.getStatusCode();
        assertTrue(status == 200 || status == 400 || status == 413, "status " + status + " for " + body);
        // AND the generated bodies reach every one of those answers, not only the parser's first refusal
        net.jqwik.api.statistics.Statistics.collect(status);
        net.jqwik.api.statistics.Statistics.coverage(coverage -> {
            coverage.check(200).percentage(p -> p > 5);
            coverage.check(400).percentage(p -> p > 20);
            coverage.check(413).percentage(p -> p > 1);
        });
        JsonNode answer = JSON.readTree(response.getBody());
        if (status == 200) {
            // AND a suggestion is never a product the cart holds
            java.util.Set<String> cart = new java.util.HashSet<>();
            answer.get("cart").forEach(id -> cart.add(id.asText()));
            answer.get("suggestions").forEach(s -> assertTrue(!cart.contains(s.get("productId").asText()), body));
        } else {
            assertTrue(answer.get("detail").asText().matches("^(body|cart)[:\\[ ].*"), answer + " for " + body);
        }
    }

    /** Cart bodies: well-formed ones with hostile ids, broken JSON, wrong shapes, oversized and deep ones. */
    @Provide
    Arbitrary<String> hostileBodies() {
        Arbitrary<String> validId = Arbitraries.oneOf(Arbitraries.longs().between(1, 40).map(n -> Long.toString(n)),
                Arbitraries.longs().between(1, Long.MAX_VALUE).map(n -> "\"" + n + "\""), Arbitraries.of("10", "20", "\"10\""));
        Arbitrary<String> hostileElement = Arbitraries.oneOf(
                Arbitraries.longs().map(n -> Long.toString(n)),
                hostileIds().map(id -> id == null ? "null" : JSON.valueToTree(id).toString()),
                Arbitraries.of("1.5", "1e3", "true", "{}", "[]", "[1]", "\"\"", "-0", "0"));
        Arbitrary<String> validCarts = validId.list().ofMaxSize(200).map(ids -> "{\"cart\": [" + String.join(",", ids) + "]}");
        Arbitrary<String> oversizedCarts = validId.list().ofMinSize(201).ofMaxSize(260)
                .map(ids -> "{\"cart\": [" + String.join(",", ids) + "]}");
        // A valid cart with one hostile element somewhere in it.
        Arbitrary<String> spoiledCarts = net.jqwik.api.Combinators.combine(validId.list().ofMaxSize(30), hostileElement,
                Arbitraries.integers().between(0, 30)).as((ids, bad, at) -> {
                    java.util.List<String> all = new java.util.ArrayList<>(ids);
                    all.add(Math.min(at, all.size()), bad);
                    return "{\"cart\": [" + String.join(",", all) + "]}";
                });
        Arbitrary<String> carts = Arbitraries.oneOf(validCarts, spoiledCarts, oversizedCarts);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, carts),
                net.jqwik.api.Tuple.of(1, carts.map(json -> json.substring(0, json.length() / 2))),                 // cut short
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(200)),        // any text
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars("{}[]\":,0123456789cart ").ofMaxLength(80)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 3000).map(depth -> "[".repeat(depth) + "]".repeat(depth))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 3000).map(depth -> "{\"cart\":" + "[".repeat(depth))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("{}", "{\"cart\": null}", "{\"cart\": {}}", "{\"cart\": \"1,2\"}", "{\"cart\": [1], \"x\": 1}",
                        "null", "[]", "\"cart\"", "{\"cart\": [1]} trailing", "\uFEFF{\"cart\": [1]}")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "GET", "GET", "POST", "POST", "DELETE", "OPTIONS", "PUT");
    }
}
