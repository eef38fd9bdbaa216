package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.replenish.infra.StateMachineDefinition.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deploy step's states (pipeline.DeployStep). */
class DeployStepTest {

    @Test
    void theServingModelCarriesItsRunIdAndTheGatesManifestFingerprintInItsEnvironment() {
        // GIVEN the deploy step's CreateModel THEN its container environment names the run and the
        // manifest fingerprint the gate returned: the API reads its model version from there
        JsonNode gate = STATES.get("evaluate: score against baselines and active model");
        assertEquals("$.Payload.manifestFingerprint", gate.get("ResultSelector").get("manifestFingerprint.$").asText());
        JsonNode environment = STATES.get("deploy: create model").get("Parameters").get("PrimaryContainer").get("Environment");
        assertEquals(Map.of("REPLENISH_RUN_ID.$", "$.runId", "REPLENISH_MANIFEST_FINGERPRINT.$", "$.evaluation.manifestFingerprint"),
                new ObjectMapper().convertValue(environment, new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { }));
    }

    @Test
    void deployCreatesTheEndpointOnceAndUpdatesItBlueGreenAfterwards() {
        // GIVEN the deploy states THEN a missing endpoint is created, an existing one updated
        JsonNode find = STATES.get("deploy: find endpoint");
        assertEquals("deploy: endpoint updatable?", find.get("Next").asText());
        assertEquals("deploy: update endpoint (blue/green)", STATES.get("deploy: endpoint updatable?").get("Default").asText());
        assertEquals("deploy: endpoint missing?", find.get("Catch").get(0).get("Next").asText());
        JsonNode missing = STATES.get("deploy: endpoint missing?").get("Choices").get(0);
        assertEquals("*Could not find endpoint*", missing.get("StringMatches").asText());
        assertEquals("deploy: create endpoint", missing.get("Next").asText());
        // AND the update is blue/green on the real-time instances of the configuration
        JsonNode update = STATES.get("deploy: update endpoint (blue/green)").get("Parameters");
        assertEquals("ALL_AT_ONCE", update.get("DeploymentConfig").get("BlueGreenUpdatePolicy")
                .get("TrafficRoutingConfiguration").get("Type").asText());
        JsonNode variant = STATES.get("deploy: create endpoint configuration").get("Parameters").get("ProductionVariants").get(0);
        assertEquals("ml.m5.large", variant.get("InstanceType").asText());
        // AND the endpoint is polled until it serves the new configuration
        assertEquals("deploy: wait for endpoint", STATES.get("deploy: create endpoint").get("Next").asText());
        JsonNode inService = STATES.get("deploy: endpoint in service?").get("Choices").get(0);
        assertEquals("load-features", inService.get("Next").asText());
        assertTrue(inService.toString().contains("$.deployment.configName"), inService.toString());
    }

    @Test
    void anEndpointLeftFailedIsDeletedThenCreatedAgainInsteadOfUpdated() {
        // GIVEN an endpoint found in status Failed (its first creation failed; UpdateEndpoint cannot succeed on it)
        Map<String, String> byStatus = choiceBranches("deploy: endpoint updatable?", "$.existingEndpoint.status");
        JsonNode delete = STATES.get(byStatus.get("Failed"));
        // THEN it is deleted
        assertTrue(delete.get("Resource").asText().endsWith(":states:::aws-sdk:sagemaker:deleteEndpoint"), delete.toString());
        assertEquals("replenish-reorder", delete.get("Parameters").get("EndpointName").asText());
        // AND once its deletion is waited for, the lookup runs again, whose "Could not find endpoint" leads to the creation
        JsonNode waitForDeletion = STATES.get(delete.get("Next").asText());
        assertEquals("Wait", waitForDeletion.get("Type").asText());
        assertEquals(byStatus.get("Deleting"), delete.get("Next").asText());
        assertEquals("deploy: find endpoint", waitForDeletion.get("Next").asText());
        assertEquals("deploy: create endpoint", STATES.get("deploy: endpoint missing?").get("Choices").get(0).get("Next").asText());
        // AND the state machine may delete only this endpoint
        String policies = SynthesizedReplenish.get().pipeline().findResources("AWS::IAM::Policy").toString();
        java.util.regex.Matcher grant = java.util.regex.Pattern.compile(
                "Action=\\[?[^\\]=]*sagemaker:DeleteEndpoint[^\\]=]*\\]?, Effect=Allow, Resource=\\{Fn::Join=\\[, \\[[^\\]]*\\]\\]\\}").matcher(policies);
        assertTrue(grant.find(), "no statement grants sagemaker:DeleteEndpoint");
        assertTrue(grant.group().endsWith(":endpoint/replenish-reorder]]}"), grant.group());
        assertFalse(grant.find(), "DeleteEndpoint is granted once");
    }
}
