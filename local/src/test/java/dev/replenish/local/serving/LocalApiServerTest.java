package dev.replenish.local.serving;

import dev.replenish.core.featurestore.BoughtTogether;
import dev.replenish.core.featurestore.Product;
import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.core.serving.ModelVersion;
import dev.replenish.lambdas.serving.ApiHandler;
import dev.replenish.lambdas.serving.InMemoryStore;
import dev.replenish.lambdas.serving.PredictionService;
import dev.replenish.lambdas.serving.Scorer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalApiServerTest {

    /** Health needs only the model version; the store is never asked. */
    private static ApiHandler healthOnlyHandler() {
        InMemoryStore store = new InMemoryStore();
        Scorer scorer = new Scorer() {
            @Override
            public ModelVersion version() {
                return new ModelVersion("run-1", "fingerprint-1");
            }

            @Override
            public double[] score(float[] rows, int featureCount) {
                throw new AssertionError("not scored in this test");
            }
        };
        return new ApiHandler(new PredictionService(store, scorer), "http://127.0.0.1");
    }

    @Test
    void requestsOnAKeptAliveConnectionAreNotHeldByTheDelayedAckStall() throws Exception {
        // GIVEN the local server and one HTTP/1.1 client that keeps its connection open
        try (LocalApiServer server = LocalApiServer.start(0, healthOnlyHandler(), 2)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest health = HttpRequest.newBuilder(server.url().resolve("v1/health"))
                    .timeout(Duration.ofSeconds(10)).build();
            // WHEN it sends 21 requests one after another (the first opens the connection)
            long[] nanos = new long[20];
            assertEquals(200, client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode());
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = client.send(health, HttpResponse.BodyHandlers.ofString());
                nanos[i] = System.nanoTime() - start;
                assertEquals(200, response.statusCode());
                assertTrue(response.body().contains("\"run-1\""), response.body());
            }
            // THEN the typical request takes well under the 40 ms a delayed ACK costs (Nagle's algorithm
            // holding the body until the headers are acknowledged made every one of them ~45 ms)
            Arrays.sort(nanos);
            long medianMillis = nanos[nanos.length / 2] / 1_000_000;
            assertTrue(medianMillis < 20, "median request on a kept-alive connection took " + medianMillis + " ms");
        }
    }

    /** The API handler over a store, scoring each candidate by its first feature. */
    private static ApiHandler handlerOver(InMemoryStore store) {
        Scorer firstFeature = InMemoryStore.firstFeatureScorer(new ModelVersion("run-1", "fingerprint-1"));
        return new ApiHandler(new PredictionService(store, firstFeature), "http://127.0.0.1");
    }

    private static HttpResponse<String> get(LocalApiServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.url().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theQueryStringReachesTheHandlerAsApiGatewayPassesIt() throws Exception {
        // GIVEN the local server over a store with one user of three candidates
        InMemoryStore store = new InMemoryStore();
        store.users.put(7L, new UserCandidates(7, "run-1", "fingerprint-1", new long[]{1, 2, 3},
                new float[]{0.9f, 0.5f, 0.1f}, 1));
        try (LocalApiServer server = LocalApiServer.start(0, handlerOver(store), 2)) {
            // WHEN next-basket is asked with limit=3 (percent-encoded, after a repeated name), and with limit=x
            HttpResponse<String> three = get(server, "v1/users/7/next-basket?limit=1&limit=%33");
            HttpResponse<String> bad = get(server, "v1/users/7/next-basket?limit=x");
            // THEN the last value counts, decoded: all three candidates are listed
            assertEquals(200, three.statusCode(), three.body());
            assertEquals(3, three.body().split("\"productId\"", -1).length - 1, three.body());
            // AND a bad one is the handler's 400, naming the parameter
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("limit must be a positive 64-bit integer"), bad.body());
        }
        // AND without a query string the event carries none (API Gateway's null, not an empty map)
        assertEquals(Optional.empty(), LocalApiServer.query(null));
        assertEquals(Optional.empty(), LocalApiServer.query(""));
    }

    @Test
    void theSimilarProductsRouteIsServedWithItsProductIdAndLimit() throws Exception {
        // GIVEN the local server over a catalog where Banana (1) is bought with 2, then 3
        InMemoryStore store = new InMemoryStore();
        store.products.put(1L, new Product(1, "Banana", "fresh fruits", "produce"));
        store.products.put(2L, new Product(2, "Milk", "milk", "dairy eggs"));
        store.similar.put(1L, new BoughtTogether(1, new long[]{2, 3}, new float[]{0.5f, 0.25f}));
        try (LocalApiServer server = LocalApiServer.start(0, handlerOver(store), 2)) {
            // WHEN Banana's most similar product is asked for, and an unknown product's
            HttpResponse<String> one = get(server, "v1/products/1/similar?limit=1");
            HttpResponse<String> unknown = get(server, "v1/products/42/similar");
            // THEN the answer names Milk alone, and the unknown product is a 404
            assertEquals(200, one.statusCode(), one.body());
            assertTrue(one.body().contains("\"similar\":[{\"productId\":\"2\",\"name\":\"Milk\""), one.body());
            assertEquals(2, one.body().split("\"productId\"", -1).length - 1, one.body());
            assertEquals(404, unknown.statusCode(), unknown.body());
        }
    }

    @Test
    void aCartIsPostedToTheHandlerAsTheEventsBodyAndAnOversizedBodyIsRefusedBeforeIt() throws Exception {
        // GIVEN the local server over user 5, whose candidates are 10 (0.2) and 20 (0.9), and milk (20) goes with 10
        InMemoryStore store = new InMemoryStore();
        store.users.put(5L, new UserCandidates(5, "run-1", "fingerprint-1", new long[]{10, 20}, new float[]{0.2f, 0.9f}, 1));
        store.products.put(20L, new Product(20, "Milk", "milk", "dairy eggs"));
        store.similar.put(20L, new BoughtTogether(20, new long[]{10}, new float[]{0.5f}));
        try (LocalApiServer server = LocalApiServer.start(0, handlerOver(store), 2)) {
            // WHEN milk's cart is posted, and then a body past the local limit
            HttpResponse<String> cart = post(server, "v1/users/5/cart-completion", "{\"cart\": [\"20\"]}");
            HttpResponse<String> huge = post(server, "v1/users/5/cart-completion",
                    "{\"cart\": [" + "1,".repeat(LocalApiServer.MAX_BODY_BYTES / 2) + "1]}");
            // THEN the cart answer suggests 10 alone, lifted by milk; the oversized body is a JSON 413
            assertEquals(200, cart.statusCode(), cart.body());
            assertTrue(cart.body().contains("\"suggestions\":[{\"productId\":\"10\""), cart.body());
            assertEquals(1, cart.body().split("\"productId\":\"1?0\"", -1).length - 1, cart.body());
            assertEquals(413, huge.statusCode(), huge.body());
            assertTrue(huge.body().contains("\"detail\":\"body: at most"), huge.body());
        }
    }

    private static HttpResponse<String> post(LocalApiServer server, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.url().resolve(path))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
