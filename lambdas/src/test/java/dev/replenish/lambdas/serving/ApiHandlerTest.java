package dev.replenish.lambdas.serving;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.featurestore.BoughtTogether;
import dev.replenish.core.featurestore.FeatureLayout;
import dev.replenish.core.featurestore.Product;
import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.core.missions.MissionProfile;
import dev.replenish.core.serving.ModelVersion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final InMemoryStore store = new InMemoryStore();
    private ModelVersion model = new ModelVersion("run-7", "fp-1");

    ApiHandlerTest() {
        // User 5 bought products 10, 20 and 30; the first feature is the probability the test scorer returns.
        store.users.put(5L, new UserCandidates(5, "run-7", "fp-1", new long[]{10, 20, 30},
                new float[]{0.25f, 1f, 0.95f, 2f, 0.6f, 3f}, 2));
        store.products.put(10L, new Product(10, "Banana", "fresh fruits", "produce"));
        store.products.put(20L, new Product(20, "Whole Milk", "milk", "dairy eggs"));
    }

    private JsonNode get(String resource, Map<String, String> path, int expectedStatus) throws Exception {
        return get(resource, path, null, expectedStatus);
    }

    private JsonNode get(String resource, Map<String, String> path, Map<String, String> query, int expectedStatus) throws Exception {
        ApiHandler handler = new ApiHandler(new PredictionService(store, InMemoryStore.firstFeatureScorer(model)), "https://site.example");
        APIGatewayProxyResponseEvent response = handler.answer(new APIGatewayProxyRequestEvent()
                .withResource(resource).withHttpMethod("GET").withPathParameters(path).withQueryStringParameters(query));
        assertEquals(expectedStatus, response.getStatusCode(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        return JSON.readTree(response.getBody());
    }

    @Test
    void reorderProbabilityScoresTheUsersVectorForThatProductAndNamesIt() throws Exception {
        // GIVEN user 5 and product 20, whose vector's first feature is 0.95
        JsonNode body = get(ApiHandler.REORDER_PROBABILITY, Map.of("userId", "5", "productId", "20"), 200);
        // THEN the probability is that row's score, with the product's name and both versions; ids are strings
        assertEquals(0.95, body.get("probability").asDouble(), 1e-6);
        assertEquals("Whole Milk", body.get("product").get("name").asText());
        assertEquals("20", body.get("productId").asText());
        assertTrue(body.get("productId").isTextual());
        assertEquals("run-7", body.get("modelRun").asText());
        assertEquals("run-7", body.get("featureRun").asText());
    }

    @Test
    void nextBasketRanksCandidatesAndMarksTheChosenBasket() throws Exception {
        // GIVEN probabilities 0.25 (10), 0.95 (20), 0.6 (30)
        JsonNode body = get(ApiHandler.NEXT_BASKET, Map.of("userId", "5"), 200);
        // THEN candidates come best first
        assertEquals("20", body.get("candidates").get(0).get("productId").asText());
        assertEquals("30", body.get("candidates").get(1).get("productId").asText());
        assertEquals("10", body.get("candidates").get(2).get("productId").asText());
        // AND the basket for these independent probabilities is {20, 30}: by hand, E[F1] of {20} is
        // 0.95*(0.4*0.75*1+...) is lower than {20,30}; the flags agree with the basket list
        assertEquals("[\"20\",\"30\"]", body.get("basket").toString());
        assertTrue(body.get("candidates").get(0).get("inBasket").asBoolean());
        assertTrue(body.get("candidates").get(1).get("inBasket").asBoolean());
        assertTrue(!body.get("candidates").get(2).get("inBasket").asBoolean());
        // AND a product missing from the catalog is still listed, without a name
        assertTrue(body.get("candidates").get(1).get("name").isNull());
    }

    @Test
    void nextBasketListsTheBestLimitCandidatesButAlwaysTheWholeBasketAndCountsThemAll() throws Exception {
        // GIVEN user 8 with 200 candidates: products 1..200, product p re-ordered with probability
        // 0.99 for the first three and 0.001 for the rest
        long[] ids = new long[200];
        float[] features = new float[200];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
            features[i] = i < 3 ? 0.99f : 0.001f;
        }
        store.users.put(8L, new UserCandidates(8, "run-7", "fp-1", ids, features, 1));
        // WHEN the default answer is asked for
        JsonNode body = get(ApiHandler.NEXT_BASKET, Map.of("userId", "8"), 200);
        // THEN it counts all 200, lists the best 50, and reads only those 50 from the catalog
        assertEquals(200, body.get("candidateCount").asInt());
        assertEquals(PredictionService.DEFAULT_CANDIDATES, body.get("candidates").size());
        assertEquals(PredictionService.DEFAULT_CANDIDATES, store.productReads.size());
        assertEquals("[\"1\",\"2\",\"3\"]", body.get("basket").toString());
        // AND limit=1 still lists the whole basket of three
        store.productReads.clear();
        JsonNode one = get(ApiHandler.NEXT_BASKET, Map.of("userId", "8"), Map.of("limit", "1"), 200);
        assertEquals(3, one.get("candidates").size());
        assertEquals(3, store.productReads.size());
        assertTrue(one.get("candidates").get(2).get("inBasket").asBoolean());
        // AND the basket and its expected F1 are the same whatever the limit (every candidate is scored)
        JsonNode all = get(ApiHandler.NEXT_BASKET, Map.of("userId", "8"), Map.of("limit", "500"), 200);
        assertEquals(200, all.get("candidates").size());
        assertEquals(all.get("expectedF1").asDouble(), one.get("expectedF1").asDouble());
        assertEquals(all.get("basket"), one.get("basket"));
    }

    @Test
    void aLimitOutsideOneTo500IsA400NamingTheRule() throws Exception {
        for (String bad : new String[]{"0", "501", "-1", "ten", ""}) {
            JsonNode body = get(ApiHandler.NEXT_BASKET, Map.of("userId", "5"), Map.of("limit", bad), 400);
            assertTrue(body.get("detail").asText().startsWith("limit"), bad + ": " + body);
        }
        JsonNode tooMany = get(ApiHandler.NEXT_BASKET, Map.of("userId", "5"), Map.of("limit", "501"), 400);
        assertEquals("limit must be between 1 and 500, got 501", tooMany.get("detail").asText());
    }

    @Test
    void anUnknownUserAndAProductTheUserNeverBoughtAre404s() throws Exception {
        JsonNode unknownUser = get(ApiHandler.NEXT_BASKET, Map.of("userId", "6"), 404);
        assertEquals("unknown user", unknownUser.get("error").asText());
        JsonNode neverBought = get(ApiHandler.REORDER_PROBABILITY, Map.of("userId", "5", "productId", "40"), 404);
        assertEquals("unknown product for this user", neverBought.get("error").asText());
        assertTrue(neverBought.get("detail").asText().contains("not one of user 5's candidates"), neverBought.toString());
    }

    @Test
    void anExploreCandidateTheUserNeverBoughtIsScoredLikeARepeatOne() throws Exception {
        // GIVEN user 9's item: product 10 bought before, product 77 never bought but suggested (an explore candidate)
        store.users.put(9L, new UserCandidates(9, "run-7", "fp-1", new long[]{10, 77}, new float[]{0.5f, 1f, 0.125f, 0f}, 2));
        // WHEN the new item's likelihood is asked
        JsonNode body = get(ApiHandler.REORDER_PROBABILITY, Map.of("userId", "9", "productId", "77"), 200);
        // THEN it is scored from its own row, as a re-order candidate would be
        assertEquals(0.125, body.get("probability").asDouble(), 0.0);
    }

    @Test
    void malformedIdsAre400sNamingTheParameter() throws Exception {
        JsonNode negative = get(ApiHandler.NEXT_BASKET, Map.of("userId", "-3"), 400);
        assertEquals("userId must be a positive 64-bit integer, got '-3'", negative.get("detail").asText());
        JsonNode overflow = get(ApiHandler.REORDER_PROBABILITY, Map.of("userId", "5", "productId", "9223372036854775808"), 400);
        assertTrue(overflow.get("detail").asText().startsWith("productId must be a positive 64-bit integer"));
    }

    @Test
    void featuresFromAnotherManifestAreRefusedRatherThanScored() throws Exception {
        // GIVEN a model trained on another feature manifest than the stored vectors
        model = new ModelVersion("run-8", "fp-2");
        // THEN the API says the two disagree (a server-side state, so 503), instead of scoring
        JsonNode body = get(ApiHandler.NEXT_BASKET, Map.of("userId", "5"), 503);
        assertEquals("model and features disagree", body.get("error").asText());
    }

    @Test
    void similarProductsListsTheBoughtTogetherProductsBestFirstWithNamesScoresAndRanks() throws Exception {
        // GIVEN Banana (10) bought with Whole Milk (20, score 0.4), then 30 (not in the catalog, 0.2), then 40 (0.1)
        store.similar.put(10L, new BoughtTogether(10, new long[]{20, 30, 40}, new float[]{0.4f, 0.2f, 0.1f}));
        // WHEN asked for the two most similar
        JsonNode body = get(ApiHandler.SIMILAR_PRODUCTS, Map.of("productId", "10"), Map.of("limit", "2"), 200);
        // THEN the product is named, and the two best come in rank order with their scores
        assertEquals("Banana", body.get("product").get("name").asText());
        JsonNode similar = body.get("similar");
        assertEquals(2, similar.size());
        assertEquals("20", similar.get(0).get("productId").asText());
        assertEquals("Whole Milk", similar.get(0).get("name").asText());
        assertEquals("dairy eggs", similar.get(0).get("department").asText());
        assertEquals(0.4, similar.get(0).get("score").asDouble(), 0.0, "the float32 score's shortest decimal");
        assertEquals(1, similar.get(0).get("rank").asInt());
        // AND a similar product the catalog lacks is still listed, without a name
        assertEquals("30", similar.get(1).get("productId").asText());
        assertTrue(similar.get(1).get("name").isNull());
        assertEquals(2, similar.get(1).get("rank").asInt());
        // AND without a limit, all three (fewer than the default 10) are listed
        assertEquals(3, get(ApiHandler.SIMILAR_PRODUCTS, Map.of("productId", "10"), 200).get("similar").size());
    }

    @Test
    void similarProductsOfAProductWithNoneIsAnEmptyListAndOfAnUnknownProductA404() throws Exception {
        // GIVEN Whole Milk (20) in the catalog with no "bought together" list, and no product 99
        // THEN milk's answer names it and lists nothing
        JsonNode milk = get(ApiHandler.SIMILAR_PRODUCTS, Map.of("productId", "20"), 200);
        assertEquals("Whole Milk", milk.get("product").get("name").asText());
        assertEquals(0, milk.get("similar").size());
        // AND product 99 is a 404 naming the product
        JsonNode unknown = get(ApiHandler.SIMILAR_PRODUCTS, Map.of("productId", "99"), 404);
        assertEquals("unknown product", unknown.get("error").asText());
        assertTrue(unknown.get("detail").asText().contains("99"));
    }

    @Test
    void aSimilarLimitOutsideOneTo50OrNotANumberIsA400NamingTheRule() throws Exception {
        for (String limit : new String[]{"0", "51", "-3", "ten"}) {
            // GIVEN a bad limit WHEN asked THEN 400, and the body says which parameter and why
            JsonNode body = get(ApiHandler.SIMILAR_PRODUCTS, Map.of("productId", "10"), Map.of("limit", limit), 400);
            assertTrue(body.toString().contains("limit"), limit + ": " + body);
        }
        assertTrue(get(ApiHandler.SIMILAR_PRODUCTS, Map.of("productId", "10"), Map.of("limit", "51"), 400)
                .toString().contains("between 1 and 50"));
    }

    @Test
    void nextBasketSaysWhereEachCandidateComesFromAndWhyAndListsTheBestNewItemsWhereverTheyRank() throws Exception {
        // GIVEN user 11 with three products bought before (0.9, 0.8, 0.7) and two new ones (0.2 popular,
        // 0.1 bought by shoppers like them), and the store's description of those vectors
        store.users.put(11L, new UserCandidates(11, "run-7", "fp-1", new long[]{1, 2, 3, 4, 5}, new float[]{
                0.9f, 1, 0, 0, 0.8f, 1, 0, 0, 0.7f, 1, 0, 0, 0.2f, 0, 1, 0, 0.1f, 0, 0, 1}, 4));
        store.layout = new FeatureLayout("run-7", "fp-1",
                List.of("score", "candidate_from_history", "candidate_from_popular", "candidate_from_neighbours"), List.of(5L, 11L));
        // WHEN the two best candidates are asked for
        JsonNode body = get(ApiHandler.NEXT_BASKET, Map.of("userId", "11"), Map.of("limit", "2"), 200);
        // THEN the listed ones are repeats, and the new items are both explore ones, best first, with their reasons
        for (JsonNode candidate : body.get("candidates")) {
            assertEquals("repeat", candidate.get("source").asText(), candidate.toString());
        }
        JsonNode newItems = body.get("newItems");
        assertEquals(2, newItems.size());
        assertEquals("4", newItems.get(0).get("productId").asText());
        assertEquals("explore", newItems.get(0).get("source").asText());
        assertEquals("popular in recent orders", newItems.get(0).get("reason").asText());
        assertEquals(0.2, newItems.get(0).get("probability").asDouble(), 1e-6);
        assertEquals("5", newItems.get(1).get("productId").asText());
        assertEquals("bought by shoppers whose baskets look like yours", newItems.get(1).get("reason").asText());
    }

    @Test
    void withoutADescriptionOfTheUsersFeaturesTheBasketIsStillAnsweredWithoutReasons() throws Exception {
        // GIVEN a store whose layout is another run's (a load in progress)
        store.layout = new FeatureLayout("run-8", "fp-2", List.of("score", "candidate_from_history"), List.of(5L));
        // WHEN user 5's basket is asked for
        JsonNode body = get(ApiHandler.NEXT_BASKET, Map.of("userId", "5"), 200);
        // THEN it is answered, with no source, reason or new items rather than guessed ones
        assertEquals(3, body.get("candidates").size());
        assertTrue(body.get("candidates").get(0).get("source").isNull());
        assertTrue(body.get("candidates").get(0).get("reason").isNull());
        assertEquals(0, body.get("newItems").size());
    }

    /** User 12: one candidate and four missions, stored out of share order (a profile from another writer). */
    private void userWithMissions(String runId) {
        store.users.put(12L, new UserCandidates(12, runId, "fp-1", new long[]{10}, new float[]{0.5f}, 1,
                new MissionProfile(List.of(new MissionProfile.MissionShare(4, 0.1f), new MissionProfile.MissionShare(3, 0.52f),
                        new MissionProfile.MissionShare(9, 0.21f), new MissionProfile.MissionShare(1, 0.17f)))));
    }

    private static final List<FeatureLayout.MissionName> RUN_7_MISSIONS = List.of(
            new FeatureLayout.MissionName(1, "yogurt & milk", 0.2), new FeatureLayout.MissionName(3, "fresh fruits & fresh vegetables", 0.3),
            new FeatureLayout.MissionName(4, "baby food formula", 0.01), new FeatureLayout.MissionName(9, "chips pretzels & soft drinks", 0.1));

    @Test
    void nextBasketNamesTheUsersTopThreeMissionsLargestShareFirst() throws Exception {
        // GIVEN user 12 in missions 3 (0.52), 9 (0.21), 1 (0.17) and 4 (0.1), and the run's layout naming them
        userWithMissions("run-7");
        store.layout = new FeatureLayout("run-7", "fp-1", List.of("score"), List.of(12L), RUN_7_MISSIONS);
        // WHEN the next basket is asked for
        JsonNode missions = get(ApiHandler.NEXT_BASKET, Map.of("userId", "12"), 200).get("missions");
        // THEN the three largest, largest first, each with its id, the run's name and the share as stored (float32's shortest decimal)
        assertEquals("[{\"id\":3,\"name\":\"fresh fruits & fresh vegetables\",\"share\":0.52},"
                + "{\"id\":9,\"name\":\"chips pretzels & soft drinks\",\"share\":0.21},"
                + "{\"id\":1,\"name\":\"yogurt & milk\",\"share\":0.17}]", missions.toString());
    }

    @Test
    void aUserWithoutMissionsHasAnEmptyListAndAnotherRunsLayoutLeavesTheMissionsUnnamed() throws Exception {
        // GIVEN user 5 loaded without missions THEN the next basket's missions are an empty list, not null
        store.layout = new FeatureLayout("run-7", "fp-1", List.of("score"), List.of(5L), RUN_7_MISSIONS);
        JsonNode none = get(ApiHandler.NEXT_BASKET, Map.of("userId", "5"), 200).get("missions");
        assertTrue(none.isArray() && none.isEmpty(), none.toString());
        // GIVEN user 12's item loaded by run 8 (same features) while the layout is still run 7's (a load in progress)
        userWithMissions("run-8");
        // WHEN the next basket is asked for
        JsonNode missions = get(ApiHandler.NEXT_BASKET, Map.of("userId", "12"), 200).get("missions");
        // THEN the missions are listed with their shares but no name: run 7's mission 3 is not run 8's
        assertEquals(3, missions.size());
        assertEquals(3, missions.get(0).get("id").asInt());
        assertEquals(0.52, missions.get(0).get("share").asDouble());
        for (JsonNode mission : missions) {
            assertTrue(mission.get("name").isNull(), mission.toString());
        }
    }

    @Test
    void healthNamesTheModel() throws Exception {
        JsonNode body = get(ApiHandler.HEALTH, Map.of(), 200);
        assertEquals("ok", body.get("status").asText());
        assertEquals("run-7", body.get("modelRun").asText());
    }

    @Test
    void healthOffersTheStoresExampleCustomersOnlyWhenTheyBelongToTheServedModelsFeatures() throws Exception {
        // GIVEN a store whose layout (of the model's manifest) names customers 5 and 11
        store.layout = new FeatureLayout("run-7", "fp-1", List.of("score", "x"), List.of(5L, 11L));
        // THEN health offers them, as strings
        assertEquals("[\"5\",\"11\"]", get(ApiHandler.HEALTH, Map.of(), 200).get("exampleUsers").toString());
        // AND a layout of another run's features (a load in progress) offers none
        store.layout = new FeatureLayout("run-8", "fp-2", List.of("score", "x"), List.of(5L));
        assertEquals(0, get(ApiHandler.HEALTH, Map.of(), 200).get("exampleUsers").size());
    }
}
