package dev.replenish.lambdas.serving;

import dev.replenish.core.config.CloudEnvironment;
import dev.replenish.core.serving.ModelVersion;
import dev.replenish.lambdas.endpoint.ServingEndpoint;
import dev.replenish.lambdas.fakes.FakeSageMaker;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SageMakerScorerTest {

    @Test
    void theVersionIsTheServedModelsRunAndFingerprintLookedUpOncePerMinute() {
        // GIVEN an endpoint whose model records run-3 and its manifest fingerprint
        FakeSageMaker sageMaker = FakeSageMaker.serving("ep", "ep-run-3",
                Map.of(CloudEnvironment.MODEL_RUN_ID, "run-3", CloudEnvironment.MODEL_MANIFEST_FINGERPRINT, "fp-3"));
        SageMakerScorer scorer = new SageMakerScorer(null, sageMaker, "ep", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        // WHEN the version is asked twice within the cache's lifetime
        ModelVersion first = scorer.version();
        ModelVersion second = scorer.version();
        // THEN it is read from the model's environment, with one chain of Describe calls
        assertEquals(new ModelVersion("run-3", "fp-3"), first);
        assertEquals(first, second);
        assertEquals(List.of("DescribeEndpoint ep", "DescribeEndpointConfig ep-run-3", "DescribeModel ep-run-3"), sageMaker.requests);
    }

    @Test
    void withNoEndpointYetTheApiAnswers503NoModelDeployed() {
        // GIVEN no endpoint exists
        SageMakerScorer scorer = new SageMakerScorer(null, FakeSageMaker.withoutEndpoint(), "ep", Clock.systemUTC());
        // WHEN the version is asked THEN the answer is a 503 saying no model is deployed, not a 500
        ApiError error = assertThrows(ApiError.class, scorer::version);
        assertEquals(503, error.status());
        assertEquals("no model deployed", error.getMessage());
        assertEquals("endpoint ep does not exist: no pipeline run has deployed a model yet", error.detail());
    }
}
