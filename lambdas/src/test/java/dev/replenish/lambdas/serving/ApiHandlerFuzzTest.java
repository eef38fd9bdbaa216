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
 * Thousands of generated requests with hostile ids: whatever the client sends, the answer is a
 * 200 or a 4xx with a JSON error body, never a 5xx.
 */
class ApiHandlerFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ApiHandler handler;

    ApiHandlerFuzzTest() {
        InMemoryStore store = new InMemoryStore();
        store.users.put(1L, new UserCandidates(1, "run-a", "fp", new long[]{10, 20}, new float[]{0.9f, 1f, 0.2f, 2f}, 2));
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
                "/v1/users/{userId}", "/unknown", null);
    }

    @Property(tries = 10_000)
    void noRequestEverGetsA5xxAndEveryErrorIsJson(@ForAll("resources") String resource,
                                                   @ForAll("hostileIds") String userId,
                                                   @ForAll("hostileIds") String productId,
                                                   @ForAll("hostileIds") String limit,
                                                   @ForAll("methods") String method) throws Exception {
        // GIVEN a request with generated ids and limit on a generated route and method
        Map<String, String> path = new HashMap<>();
        path.put("userId", userId);
        path.put("productId", productId);
        Map<String, String> query = new HashMap<>();
        query.put("limit", limit);
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withResource(resource).withHttpMethod(method).withPathParameters(path)
                .withQueryStringParameters(limit == null ? null : query);
        // WHEN the handler answers
        APIGatewayProxyResponseEvent response = handler.answer(event);
        // THEN it is never a server error, always carries CORS, and a non-200 has a JSON error body
        int status = response.getStatusCode();
        assertTrue(status < 500, "status " + status + " for " + resource + " " + userId + " " + productId);
        assertEquals("http://site.example", response.getHeaders().get("Access-Control-Allow-Origin"));
        if (status >= 400) {
            JsonNode body = JSON.readTree(response.getBody());
            assertTrue(body.get("error").isTextual() && body.get("detail").isTextual(), response.getBody());
        }
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "GET", "GET", "POST", "DELETE", "OPTIONS", "PUT");
    }
}
