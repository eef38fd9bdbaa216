package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.infra.pipeline.QueryPlan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.replenish.infra.StateMachineDefinition.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluate step's states (pipeline.EvaluateStep). */
class EvaluateStepTest {

    @Test
    void evaluateScoresAndQueriesInParallelThenAsksTheGateThenRegistersAndDecides() {
        // GIVEN the evaluate step's top-level states in the order a run reaches them
        List<String> evaluate = reachOrder().stream()
                .dropWhile(name -> !name.equals("evaluate"))
                .takeWhile(name -> !name.equals("deploy"))
                .toList();

        // THEN the inputs come first, then the gate, then the approval, the registration and the decision
        assertEquals(List.of("evaluate", "evaluate: score validation set and query baselines",
                "evaluate: score against baselines and active model", "evaluate: better than the active model?",
                "evaluate: approved", "evaluate: register model package", "evaluate: deploy?"), evaluate);

        // AND the Parallel runs two branches: the evaluation model then the batch transform, and the queries
        JsonNode parallel = STATES.get("evaluate: score validation set and query baselines");
        assertEquals("Parallel", parallel.get("Type").asText());
        assertEquals(List.of(
                List.of("evaluate: create evaluation model", "evaluate: score validation set (batch transform)"),
                List.of("evaluate: plan", "evaluate: waves in order")), branchPaths(parallel));
        // AND its result is dropped (the gate reads the lake, not the state) and any failure takes the failure path
        assertTrue(parallel.get("ResultPath").isNull(), parallel.toString());
        assertEquals("notify failure", parallel.get("Catch").get(0).get("Next").asText());
        assertEquals("$.runId", STATES.get("evaluate: score against baselines and active model")
                .get("Parameters").get("Payload").get("runId.$").asText());
    }

    @Test
    void theEvaluationModelIsTheRunsModelInTheEndpointsImageAndRoleAndIsNeverServed() {
        // GIVEN the evaluation model and the deploy step's model
        JsonNode create = allStates(STATES).get("evaluate: create evaluation model");
        JsonNode served = STATES.get("deploy: create model").get("Parameters");

        // THEN it is named <endpoint>-eval-<run id>, inside the endpoint's model prefix
        assertTrue(create.get("Resource").asText().endsWith(":states:::aws-sdk:sagemaker:createModel"));
        assertEquals("States.Format('replenish-reorder-eval-{}', $.runId)", create.get("Parameters").get("ModelName.$").asText());
        // AND it runs the same image and model.tar.gz as the served model, without the served model's environment,
        // under a role of its own (its transform touches training/, which the served model's role cannot)
        JsonNode container = create.get("Parameters").get("PrimaryContainer");
        assertEquals(served.get("PrimaryContainer").get("Image"), container.get("Image"));
        assertEquals(served.get("PrimaryContainer").get("ModelDataUrl.$"), container.get("ModelDataUrl.$"));
        assertFalse(container.has("Environment"), container.toString());
        assertNotEquals(served.get("ExecutionRoleArn"), create.get("Parameters").get("ExecutionRoleArn"));
        assertTrue(create.get("Parameters").get("ExecutionRoleArn").asText().contains("EndpointEvaluationModelRole"), create.toString());
        // AND it carries the run's tags, so clean-up finds it
        assertEquals(served.get("Tags"), create.get("Parameters").get("Tags"));
        assertEquals("evaluate: score validation set (batch transform)", create.get("Next").asText());
    }

    @Test
    void theBatchTransformScoresTheEvaluationCsvFeaturesAndKeepsIdsLabelAndProbability() {
        // GIVEN the batch transform state
        JsonNode transform = allStates(STATES).get("evaluate: score validation set (batch transform)");
        JsonNode parameters = transform.get("Parameters");

        // THEN it is a SageMaker transform job waited for with .sync, named per run, of the evaluation model
        assertEquals("Task", transform.get("Type").asText());
        assertTrue(transform.get("Resource").asText().endsWith(":states:::sagemaker:createTransformJob.sync"), transform.toString());
        assertEquals("States.Format('replenish-eval-{}', $.runId)", parameters.get("TransformJobName.$").asText());
        assertEquals(allStates(STATES).get("evaluate: create evaluation model").get("Parameters").get("ModelName.$"),
                parameters.get("ModelName.$"));
        // AND it reads the join's evaluation CSV of the run from the lake bucket, line by line
        JsonNode input = parameters.get("TransformInput");
        assertEquals("S3Prefix", input.get("DataSource").get("S3DataSource").get("S3DataType").asText());
        assertEquals("States.Format('s3://<LakeBucket>/training/{}/evaluation-csv/', $.runId)",
                lakeBucket(input.get("DataSource").get("S3DataSource").get("S3Uri.$").asText()));
        assertEquals("text/csv", input.get("ContentType").asText());
        assertEquals("Line", input.get("SplitType").asText());
        // AND writes a line per input line under the run's evaluation-scores/
        JsonNode output = parameters.get("TransformOutput");
        assertEquals("States.Format('s3://<LakeBucket>/training/{}/evaluation-scores/', $.runId)",
                lakeBucket(output.get("S3OutputPath.$").asText()));
        assertEquals("text/csv", output.get("Accept").asText());
        assertEquals("Line", output.get("AssembleWith").asText());
        // AND the model sees only the features (after 3 ids and the label); ids, label and probability are kept
        JsonNode processing = parameters.get("DataProcessing");
        assertEquals("$[4:]", processing.get("InputFilter").asText());
        assertEquals("Input", processing.get("JoinSource").asText());
        assertEquals("$[0,1,2,3,-1]", processing.get("OutputFilter").asText());
        assertEquals("MultiRecord", parameters.get("BatchStrategy").asText());
        assertEquals(6, parameters.get("MaxPayloadInMB").asInt());
        // AND one instance of the configured type, the run's tags, and a small result
        assertEquals("ml.m5.xlarge", parameters.get("TransformResources").get("InstanceType").asText());
        assertEquals(1, parameters.get("TransformResources").get("InstanceCount").asInt());
        assertEquals("$.runId", parameters.get("Tags").get(1).get("Value.$").asText());
        assertEquals("$.TransformJobStatus", transform.get("ResultSelector").get("status.$").asText());
        assertEquals("$.transform", transform.get("ResultPath").asText());
        // AND it waits the configured transform time plus the start margin, retries SageMaker's
        // transient errors like the other SageMaker tasks, and ends its branch with the error otherwise
        assertEquals((60 + 30) * 60, transform.get("TimeoutSeconds").asInt());
        assertEquals(STATES.get("evaluate: register model package").get("Retry"), transform.get("Retry"));
        String failed = transform.get("Catch").get(0).get("Next").asText();
        assertEquals("evaluate: scoring failed", failed);
        assertEquals("$.error.Cause", allStates(STATES).get(failed).get("CausePath").asText());
    }

    @Test
    void theBaselineQueriesRunInOneWaveThroughTheQueryHandlersUnderStageEvaluation() {
        // GIVEN the evaluate step's query states (inside the Parallel's second branch)
        Map<String, JsonNode> states = allStates(STATES);
        // THEN the plan is the derived evaluation plan: both baseline tables in one wave
        assertEquals(new ObjectMapper().valueToTree(QueryPlan.evaluation().waves()), states.get("evaluate: plan").get("Result").get("waves"));
        // AND each query is started and polled with stage "evaluation" by the same functions as curate's
        for (String task : List.of("evaluate: start query", "evaluate: query status")) {
            JsonNode parameters = states.get(task).get("Parameters");
            assertEquals("evaluation", parameters.get("Payload").get("stage").asText(), task);
            assertEquals(states.get(task.replace("evaluate", "curate")).get("Parameters").get("FunctionName"),
                    parameters.get("FunctionName"), task);
        }
        // AND a failed wave ends the branch with its error
        assertEquals("evaluate: baseline queries failed",
                states.get("evaluate: waves in order").get("Catch").get(0).get("Next").asText());
        assertEquals("Fail", states.get("evaluate: baseline queries failed").get("Type").asText());
    }

    @Test
    void everyModelIsRegisteredAndOnlyABetterOneIsDeployed() {
        // GIVEN the gate's answer THEN it picks the approval status, registers, then deploys or stops
        Map<String, String> better = choiceBranches("evaluate: better than the active model?", "$.evaluation.deploy");
        assertEquals("evaluate: approved", better.get("true"));
        assertEquals("evaluate: rejected", STATES.get("evaluate: better than the active model?").get("Default").asText());
        JsonNode register = STATES.get("evaluate: register model package");
        assertTrue(register.get("Resource").asText().endsWith(":states:::aws-sdk:sagemaker:createModelPackage"));
        assertEquals("$.approval", register.get("Parameters").get("ModelApprovalStatus.$").asText());
        assertEquals("replenish-reorder", register.get("Parameters").get("ModelPackageGroupName").asText());
        assertEquals("deploy", choiceBranches("evaluate: deploy?", "$.evaluation.deploy").get("true"));
        assertEquals("run finished: active model kept", STATES.get("evaluate: deploy?").get("Default").asText());
    }

    @Test
    void aRejectedModelEndsTheRunBeforeTheFeatureStoreIsLoaded() {
        // GIVEN the gate's choice WHEN the model is not better THEN the run ends without reaching load-features
        JsonNode deployChoice = STATES.get("evaluate: deploy?");
        assertEquals("run finished: active model kept", deployChoice.get("Default").asText());
        assertEquals("Succeed", STATES.get("run finished: active model kept").get("Type").asText());
        // AND load-features is reached only from a deployed endpoint
        List<String> into = allStates(STATES).entrySet().stream()
                .filter(entry -> !entry.getKey().equals("load-features"))
                .filter(entry -> entry.getValue().toString().contains("\"load-features\""))
                .map(Map.Entry::getKey).toList();
        assertEquals(List.of("deploy: endpoint in service?"), into);
    }
}
