package dev.replenish.lambdas.evaluation;

import dev.replenish.core.missions.ShoppingMissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.config.CloudEnvironment;
import dev.replenish.core.evaluation.MetricsJson;
import dev.replenish.core.features.FeatureManifest;
import dev.replenish.lambdas.endpoint.ServingEndpoint;
import dev.replenish.lambdas.fakes.FakeS3;
import dev.replenish.lambdas.fakes.FakeSageMaker;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The evaluation gate against fake S3 and SageMaker clients, on a validation set small enough to
 * score by hand:
 * <pre>
 *   order 100 (user 1): product 10 p=.9 re-ordered, 11 p=.1 not      truth {10}
 *   order 200 (user 2): product 20 p=.8 re-ordered                    truth {20}
 *   user 1's last prior order held {11}; user 2's held {20}
 * </pre>
 * The expected-F1 basket is {10} (E[F1] .87 against .54 for {10,11} and .09 for None) and {20}, so
 * the model's mean F1 is 1; repeat_last_order predicts {11} and {20}: F1 0 and 1, mean 0.5.
 */
class EvaluationGateHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "replenish-lake-123";
    private static final String ENDPOINT = "replenish-endpoint";
    private static final String RUN = "run-9";

    private final List<String> log = new ArrayList<>();
    private final FakeS3 s3 = new FakeS3(BUCKET, 2, log);
    private final FeatureManifest manifest = new FeatureManifest(RUN, "label", List.of("user_id", "product_id", "order_id"),
            List.of(new FeatureManifest.Feature("times_bought", "BIGINT", "user_product_features")));

    /** A lake as the join, the batch transform and the two Athena CTAS leave it for run-9. */
    private void lakeAfterScoringAndQueries() throws IOException {
        s3.put("training/run-9/feature-manifest.json", manifest.toJson());
        // Two transform output files; an order's rows split across them.
        s3.put("training/run-9/evaluation-scores/part-00000.csv.out", "1,11,100,0,0.1\n2,20,200,1,0.8\n");
        s3.put("training/run-9/evaluation-scores/part-00001.csv.out", "1,10,100,1,0.9\n");
        // The join's whole target baskets (Spark CSV): order 100 also held 30, a product new to user 1.
        s3.put("training/run-9/evaluation-targets/part-00000-x.csv", "100,10\n100,30\n200,20\n");
        // Athena's text tables are gzipped, NULL is \N (user 2 has no order after the first).
        s3.put("training/run-9/baselines/user_product_history/20261123_a.gz", gzip(
                "1,11,2,3,1,1.0\n1,10,1,2,0,1.0\n2,20,1,1,1,\\N\n"));
        s3.put("training/run-9/baselines/product_popularity/20261123_b.gz", gzip("11,5\n10,3\n20,2\n"));
        // The join's missions.
        s3.put("training/run-9/missions/missions.json", new ShoppingMissions("aisle", 2, 2, 1.5, List.of(
                new ShoppingMissions.Mission(1, "fresh fruits & yogurt", 1.0,
                        List.of(new ShoppingMissions.Weighted(24, "fresh fruits", 0.7)), List.of()))).toJson());
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String activeMetrics(double meanF1) {
        return """
                {"model": {"mean_f1": %s, "auc": 0.8, "logloss": 0.3, "recall@10": 0.5, "recall@20": 0.6,
                           "ndcg@10": 0.4, "ndcg@20": 0.45, "phr@10": 0.7, "phr@20": 0.8},
                 "baselines": {"repeat_last_order": {"mean_f1": 0.2},
                               "p_topfreq": {"mean_f1": 0.2, "recall@10": 0.1, "recall@20": 0.1, "ndcg@10": 0.1, "ndcg@20": 0.1, "phr@10": 0.1, "phr@20": 0.1},
                               "g_topfreq": {"mean_f1": 0.1, "recall@10": 0.1, "recall@20": 0.1, "ndcg@10": 0.1, "ndcg@20": 0.1, "phr@10": 0.1, "phr@20": 0.1},
                               "gp_topfreq": {"mean_f1": 0.2, "recall@10": 0.1, "recall@20": 0.1, "ndcg@10": 0.1, "ndcg@20": 0.1, "phr@10": 0.1, "phr@20": 0.1},
                               "threshold_0_5": {"mean_f1": 0.3}}}
                """.formatted(meanF1);
    }

    private static FakeSageMaker servingRun0() {
        return FakeSageMaker.serving(ENDPOINT, "replenish-endpoint-run-0",
                Map.of(CloudEnvironment.MODEL_RUN_ID, "run-0", CloudEnvironment.MODEL_MANIFEST_FINGERPRINT, "abc"));
    }

    private JsonNode handle(FakeSageMaker sageMaker, String event) throws IOException {
        EvaluationGate gate = new EvaluationGate(new S3EvaluationLake(s3, BUCKET),
                new EndpointServingRun(new ServingEndpoint(sageMaker, ENDPOINT)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EvaluationGateHandler(gate).handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void aModelBetterThanTheServingRunsIsDeployedAndItsMetricsWrittenToReports() throws Exception {
        // GIVEN run-9's scored validation set and baseline inputs, and an endpoint serving run-0 (mean F1 0.5)
        lakeAfterScoringAndQueries();
        s3.put("reports/run-0/metrics.json", activeMetrics(0.5));
        FakeSageMaker sageMaker = servingRun0();
        // WHEN the gate runs for run-9
        JsonNode answer = handle(sageMaker, "{\"runId\": \"run-9\"}");
        // THEN the model scores mean F1 1.0 against repeat_last_order's 0.5, as worked out by hand
        assertEquals(1.0, answer.at("/metrics/model/mean_f1").asDouble(), 1e-12);
        assertEquals(0.5, answer.at("/metrics/baselines/repeat_last_order/mean_f1").asDouble(), 1e-12);
        assertEquals(2, answer.get("orders").asInt());
        assertEquals(3, answer.get("candidates").asInt());
        // AND it beats the serving run, so the answer says deploy, with the run's manifest fingerprint for the model's environment
        assertTrue(answer.get("deploy").asBoolean(), answer.toString());
        assertEquals("run-0", answer.get("activeRunId").asText());
        assertTrue(answer.get("reason").asText().contains("beats the active model"), answer.get("reason").asText());
        assertEquals(manifest.fingerprint(), answer.get("manifestFingerprint").asText());
        // AND the active run was found through the endpoint, exactly as the API finds its model
        assertEquals(List.of("DescribeEndpoint replenish-endpoint", "DescribeEndpointConfig replenish-endpoint-run-0",
                "DescribeModel replenish-endpoint-run-0"), sageMaker.requests);
        // AND metrics.json (same keys as locally) and the HTML report were written under reports/run-9/
        assertEquals(answer.get("metrics"), JSON.readTree(s3.text("reports/run-9/metrics.json")));
        assertEquals(1.0, MetricsJson.read(s3.text("reports/run-9/metrics.json"), "written").model().meanF1(), 1e-12);
        assertTrue(s3.text("reports/run-9/index.html").contains("<svg"));
        // AND the report's Missions section lists the join's missions
        assertTrue(s3.text("reports/run-9/index.html").contains("<td>1. fresh fruits &amp; yogurt</td><td>100.0%</td>"),
                s3.text("reports/run-9/index.html"));
        assertEquals("application/json", s3.puts.get(0).contentType());
    }

    @Test
    void aModelNoBetterThanTheServingRunsIsNotDeployed() throws Exception {
        // GIVEN the serving run-0 also scored mean F1 1.0
        lakeAfterScoringAndQueries();
        s3.put("reports/run-0/metrics.json", activeMetrics(1.0));
        // WHEN the gate runs
        JsonNode answer = handle(servingRun0(), "{\"runId\": \"run-9\"}");
        // THEN equal is not better: the run's model is not deployed, and the reason says against what
        assertFalse(answer.get("deploy").asBoolean());
        assertTrue(answer.get("reason").asText().contains("does not beat the active model (mean F1 1.0000 vs active run run-0's 1.0000)"),
                answer.get("reason").asText());
        // AND its report is written all the same
        assertTrue(s3.keys.contains("reports/run-9/metrics.json"));
    }

    @Test
    void forcingDeploysAModelNoBetterAndTheReasonSaysItWasForced() throws Exception {
        // GIVEN the serving run-0 scored mean F1 1.0, as run-9 does
        lakeAfterScoringAndQueries();
        s3.put("reports/run-0/metrics.json", activeMetrics(1.0));
        // WHEN the execution asked to force the deployment
        JsonNode answer = handle(servingRun0(), "{\"runId\": \"run-9\", \"forceDeploy\": true}");
        // THEN the model deploys, and the reason records that it was forced over the gate
        assertTrue(answer.get("deploy").asBoolean());
        assertTrue(answer.get("reason").asText().contains("does NOT beat the active model"), answer.get("reason").asText());
        assertTrue(answer.get("reason").asText().contains("forced"), answer.get("reason").asText());
    }

    @Test
    void withNoEndpointYetTheFirstModelIsDeployed() throws Exception {
        // GIVEN no endpoint exists (the first run)
        lakeAfterScoringAndQueries();
        FakeSageMaker sageMaker = FakeSageMaker.withoutEndpoint();
        // WHEN the gate runs
        JsonNode answer = handle(sageMaker, "{\"runId\": \"run-9\"}");
        // THEN it deploys, compared against nothing, after one DescribeEndpoint only
        assertTrue(answer.get("deploy").asBoolean());
        assertTrue(answer.get("activeRunId").isNull());
        assertEquals(List.of("DescribeEndpoint replenish-endpoint"), sageMaker.requests);
    }

    @Test
    void aServingRunWithoutMetricsStopsTheGateNamingTheMissingFile() throws Exception {
        // GIVEN the endpoint serves run-0, whose metrics.json is gone
        lakeAfterScoringAndQueries();
        // WHEN the gate runs THEN it fails naming the object, rather than deploying blind
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> handle(servingRun0(), "{\"runId\": \"run-9\"}"));
        assertTrue(error.getMessage().contains("the endpoint serves run run-0, but reports/run-0/metrics.json does not exist"),
                error.getMessage());
    }

    @Test
    void aModelThatRecordsNoRunIdCannotBeComparedAndSaysSo() throws Exception {
        // GIVEN the endpoint serves a model created by hand, with no run id in its environment
        lakeAfterScoringAndQueries();
        FakeSageMaker sageMaker = FakeSageMaker.serving(ENDPOINT, "hand-made", Map.of());
        // WHEN the gate runs THEN it fails naming the model and the variable
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> handle(sageMaker, "{\"runId\": \"run-9\"}"));
        assertTrue(error.getMessage().contains("serves model hand-made, which records no REPLENISH_RUN_ID"), error.getMessage());
    }

    @Test
    void aMalformedTransformLineFailsNamingTheObjectLineAndRule() throws Exception {
        // GIVEN a transform output whose second line has a probability above 1
        lakeAfterScoringAndQueries();
        s3.put("training/run-9/evaluation-scores/part-00001.csv.out", "1,10,100,1,0.9\n1,12,100,0,1.7\n");
        // WHEN the gate runs THEN it fails naming the S3 object, the line and the rule
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> handle(FakeSageMaker.withoutEndpoint(), "{\"runId\": \"run-9\"}"));
        assertEquals("s3://replenish-lake-123/training/run-9/evaluation-scores/part-00001.csv.out line 2: probability must be "
                + "between 0 and 1, was 1.7 (expected user_id,product_id,order_id,label,probability)", error.getMessage());
        // AND nothing was written to reports/
        assertTrue(s3.puts.isEmpty());
    }

    @Test
    void aMissingTransformOutputFailsNamingThePrefixAndItsWriter() throws Exception {
        // GIVEN the transform wrote nothing
        lakeAfterScoringAndQueries();
        s3.keys.removeIf(key -> key.startsWith("training/run-9/evaluation-scores/"));
        // WHEN the gate runs THEN the error names the prefix and the step that should have filled it
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> handle(FakeSageMaker.withoutEndpoint(), "{\"runId\": \"run-9\"}"));
        assertEquals("s3://replenish-lake-123/training/run-9/evaluation-scores/ holds no rows (0 objects): the batch transform "
                + "of run run-9 wrote nothing there", error.getMessage());
    }

    @Test
    void aMalformedEventIsAnErrorNamingTheField() {
        // GIVEN events without a usable run id THEN each fails naming the field, before any S3 or SageMaker call
        for (String event : List.of("{}", "{\"runId\": 7}", "{\"runId\": \"../x\"}")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> handle(FakeSageMaker.withoutEndpoint(), event));
            assertTrue(error.getMessage().startsWith("field 'runId'"), error.getMessage());
        }
        IllegalArgumentException force = assertThrows(IllegalArgumentException.class,
                () -> handle(FakeSageMaker.withoutEndpoint(), "{\"runId\": \"run-9\", \"forceDeploy\": \"yes\"}"));
        assertEquals("field 'forceDeploy': must be true or false, was \"yes\"", force.getMessage());
        assertTrue(log.isEmpty(), log.toString());
    }
}
