package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.infra.pipeline.QueryPlan;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state machine's definition (Amazon States Language), read from the synthesized template. */
class StateMachineDefinitionTest {

    private static final JsonNode DEFINITION = definition();
    private static final JsonNode STATES = DEFINITION.get("States");

    private static JsonNode definition() {
        Path assembly = SynthesizedReplenish.get().assemblyDir();
        TemplateJson.Resource stateMachine = TemplateJson.allResources(assembly).stream()
                .filter(resource -> resource.type().equals("AWS::StepFunctions::StateMachine"))
                .findFirst().orElseThrow();
        return TemplateJson.parse(TemplateJson.render(stateMachine.properties().get("DefinitionString")));
    }

    /** Every state, including those inside Map iterations and Parallel branches, by name. */
    private static Map<String, JsonNode> allStates(JsonNode states) {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        allStateNames(states).forEach(entry -> all.put(entry.getKey(), entry.getValue()));
        return all;
    }

    /** Every state with its name, nested ones too, in definition order; a repeated name appears twice. */
    private static List<Map.Entry<String, JsonNode>> allStateNames(JsonNode states) {
        List<Map.Entry<String, JsonNode>> all = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> entries = states.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            all.add(entry);
            if (entry.getValue().has("ItemProcessor")) {
                all.addAll(allStateNames(entry.getValue().get("ItemProcessor").get("States")));
            }
            entry.getValue().path("Branches").forEach(branch -> all.addAll(allStateNames(branch.get("States"))));
        }
        return all;
    }

    /** State names in the order a run reaches them (Next, then Choice branches in order; not Catch). */
    private static List<String> reachOrder() {
        List<String> order = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> toVisit = new ArrayDeque<>();
        toVisit.push(DEFINITION.get("StartAt").asText());
        while (!toVisit.isEmpty()) {
            String name = toVisit.pop();
            if (!seen.add(name)) {
                continue;
            }
            order.add(name);
            JsonNode state = STATES.get(name);
            List<String> successors = new ArrayList<>();
            if (state.has("Next")) {
                successors.add(state.get("Next").asText());
            }
            state.path("Choices").forEach(choice -> successors.add(choice.get("Next").asText()));
            if (state.has("Default")) {
                successors.add(state.get("Default").asText());
            }
            for (int i = successors.size() - 1; i >= 0; i--) {
                toVisit.push(successors.get(i));
            }
        }
        return order;
    }

    @Test
    void everyPipelineStepAppearsInTheOrderOfCoresStepList() {
        // GIVEN the order in which a successful run reaches the states
        List<String> reached = reachOrder();

        // WHEN keeping the states named after pipeline steps
        List<String> steps = reached.stream().filter(name -> Arrays.stream(PipelineStep.values())
                .anyMatch(step -> step.id().equals(name))).toList();

        // THEN they are exactly core's PipelineStep list, in order
        assertEquals(Arrays.stream(PipelineStep.values()).map(PipelineStep::id).toList(), steps);
        assertEquals("start run", DEFINITION.get("StartAt").asText());
    }

    @Test
    void everyTaskRetriesWithBackoffCatchesAndTimesOut() {
        // GIVEN every Task state, inside Map iterations too
        Map<String, JsonNode> tasks = new LinkedHashMap<>();
        allStates(STATES).forEach((name, state) -> {
            if (state.get("Type").asText().equals("Task")) {
                tasks.put(name, state);
            }
        });
        assertTrue(tasks.size() >= 20, "tasks found: " + tasks.keySet());

        // THEN each has a backoff retry, a catch and a timeout
        tasks.forEach((name, task) -> {
            assertTrue(task.path("Retry").size() > 0, name + " has no Retry");
            task.get("Retry").forEach(retry -> {
                assertTrue(retry.get("BackoffRate").asDouble() > 1.0, name + " retries without backoff");
                assertTrue(retry.get("MaxAttempts").asInt() > 0, name + " never retries");
                assertFalse(retry.get("ErrorEquals").toString().contains("States.ALL"), name + " retries every error");
            });
            assertTrue(task.path("Catch").size() > 0, name + " has no Catch");
            assertTrue(task.path("TimeoutSeconds").asInt() > 0, name + " has no timeout");
        });
    }

    @Test
    void everyFailureEndsInTheSnsNotificationThenARunFailure() {
        // GIVEN the top-level tasks and Maps: their catch-all leads to the notification
        Iterator<Map.Entry<String, JsonNode>> entries = STATES.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode state = entry.getValue();
            if (!state.has("Catch") || entry.getKey().equals("notify failure")) {
                continue;
            }
            JsonNode catchAll = null;
            for (JsonNode handler : state.get("Catch")) {
                if (handler.get("ErrorEquals").toString().contains("States.ALL")) {
                    catchAll = handler;
                }
            }
            assertTrue(catchAll != null, entry.getKey() + " does not catch every error");
            assertEquals("notify failure", catchAll.get("Next").asText(), entry.getKey());
            assertEquals("$.error", catchAll.get("ResultPath").asText(), entry.getKey());
        }
        // AND the notification publishes run, step, error and cause to the topic, then fails the run
        JsonNode notify = STATES.get("notify failure");
        assertTrue(notify.get("Resource").asText().endsWith(":states:::sns:publish"));
        assertEquals("$.currentStep", notify.get("Parameters").get("Message").get("step.$").asText());
        assertEquals("$.error.Cause", notify.get("Parameters").get("Message").get("cause.$").asText());
        assertEquals("run failed", notify.get("Next").asText());
        assertEquals("Fail", STATES.get("run failed").get("Type").asText());
        // AND a task inside a Map iteration ends that iteration with a Fail carrying the error
        allStates(STATES).forEach((name, state) -> {
            if (!STATES.has(name) && state.has("Catch")) {
                String target = state.get("Catch").get(0).get("Next").asText();
                assertEquals("Fail", allStates(STATES).get(target).get("Type").asText(), name);
            }
        });
    }

    @Test
    void everyStateNameIsUniqueAcrossIterationsAndBranches() {
        // GIVEN every state of the definition, nested ones included
        List<String> names = allStateNames(STATES).stream().map(Map.Entry::getKey).toList();

        // THEN no name repeats (ASL requires it; the evaluate step's queries reuse the query states' shapes)
        assertEquals(new LinkedHashSet<>(names).size(), names.size(), names.toString());
        assertTrue(names.containsAll(List.of("curate: start query", "features: start query", "evaluate: start query")), names.toString());
    }

    @Test
    void runIdIsTheExecutionName() {
        assertEquals("$$.Execution.Name", STATES.get("start run").get("Parameters").get("runId.$").asText());
    }

    @Test
    void forceDeployComesFromTheExecutionInputDefaultsToFalseAndReachesTheGate() {
        // GIVEN the states after "start run"
        assertEquals("force deploy?", STATES.get("start run").get("Next").asText());
        JsonNode choices = STATES.get("force deploy?").get("Choices");
        // THEN a boolean forceDeploy in the input is kept; any other value fails the run at once
        assertEquals("deploy forced as the input asks", choices.get(0).get("Next").asText());
        assertEquals("$.input.forceDeploy", STATES.get("deploy forced as the input asks").get("Parameters").get("forceDeploy.$").asText());
        assertEquals("bad execution input", choices.get(1).get("Next").asText());
        assertEquals("BadExecutionInput", STATES.get("bad execution input").get("Error").asText());
        // AND without it the run gates as usual
        assertEquals("deploy only a better model", STATES.get("force deploy?").get("Default").asText());
        assertFalse(STATES.get("deploy only a better model").get("Parameters").get("forceDeploy").asBoolean());
        // AND both continue to the first step, carrying only runId and forceDeploy
        assertEquals(PipelineStep.CATALOG.id(), STATES.get("deploy forced as the input asks").get("Next").asText());
        assertEquals(PipelineStep.CATALOG.id(), STATES.get("deploy only a better model").get("Next").asText());
        // AND the gate receives it
        assertEquals("$.forceDeploy", STATES.get("evaluate: score against baselines and active model")
                .get("Parameters").get("Payload").get("forceDeploy.$").asText());
    }

    @Test
    void catalogStartsTheCrawlerPollsItAndChecksTheSchema() {
        // GIVEN the catalog states THEN start -> wait -> status -> (RUNNING: wait | SUCCEEDED: check schema)
        assertEquals("start", STATES.get("catalog: start crawler").get("Parameters").get("Payload").get("action").asText());
        assertEquals("catalog: wait for crawler", STATES.get("catalog: start crawler").get("Next").asText());
        assertEquals("status", STATES.get("catalog: crawler status").get("Parameters").get("Payload").get("action").asText());
        Map<String, String> branches = choiceBranches("catalog: crawler finished?", "$.crawlStatus.state");
        assertEquals("catalog: wait for crawler", branches.get("RUNNING"));
        assertEquals("catalog: check schema against contract", branches.get("SUCCEEDED"));
        assertEquals("catalog: crawler failed", STATES.get("catalog: crawler finished?").get("Default").asText());
        assertEquals("checkSchema", STATES.get("catalog: check schema against contract")
                .get("Parameters").get("Payload").get("action").asText());
    }

    @Test
    void curateAndFeatureQueriesRunWaveByWaveInParallelWithinAWave() {
        for (QueryPlan plan : List.of(QueryPlan.curate(), QueryPlan.features(Path.of("src/test/resources/sql-fixture")))) {
            String stage = plan.stage();
            // GIVEN the stage's plan state THEN it holds the derived waves
            assertEquals(new ObjectMapper().valueToTree(plan.waves()), STATES.get(stage + ": plan").get("Result").get("waves"));
            // AND waves run one at a time, the queries of a wave up to the configured concurrency
            JsonNode waves = STATES.get(stage + ": waves in order");
            assertEquals(1, waves.get("MaxConcurrency").asInt());
            JsonNode wave = waves.get("ItemProcessor").get("States").get(stage + ": queries of a wave");
            assertEquals(4, wave.get("MaxConcurrency").asInt());
            // AND each query is started with its stage and name, then polled until it finishes
            JsonNode iteration = wave.get("ItemProcessor").get("States");
            JsonNode payload = iteration.get(stage + ": start query").get("Parameters").get("Payload");
            assertEquals(stage, payload.get("stage").asText());
            assertEquals("$.query", payload.get("query.$").asText());
            assertEquals(stage + ": wait for query", iteration.get(stage + ": query finished?").get("Choices").get(1).get("Next").asText());
            assertEquals("$.execution.executionId",
                    iteration.get(stage + ": query status").get("Parameters").get("Payload").get("executionId.$").asText());
        }
    }

    @Test
    void joinWaitsForTheGlueJobRunThroughTheSyncIntegration() {
        JsonNode join = STATES.get("join: run Spark join on Glue");
        assertTrue(join.get("Resource").asText().endsWith(":states:::glue:startJobRun.sync"), join.toString());
        assertEquals("$.runId", join.get("Parameters").get("Arguments").get("--run_id.$").asText());
        assertEquals((60 + 30) * 60, join.get("TimeoutSeconds").asInt(), "job timeout plus the start margin");
    }

    @Test
    void trainingUsesTheBuiltInXgboostImageOfTheRegionAndTheSharedHyperParameters() {
        JsonNode training = STATES.get("train: train XGBoost");
        assertTrue(training.get("Resource").asText().endsWith(":states:::sagemaker:createTrainingJob.sync"));
        String image = training.get("Parameters").get("AlgorithmSpecification").get("TrainingImage").asText();
        assertTrue(image.startsWith("<map ") && image.endsWith("/sagemaker-xgboost:3.0-5"), image);
        Map<String, String> hyperParameters = new ObjectMapper().convertValue(
                training.get("Parameters").get("HyperParameters"), new com.fasterxml.jackson.core.type.TypeReference<>() { });
        assertEquals(dev.replenish.core.config.ReplenishConfig.defaults().training().sageMakerHyperParameters(), hyperParameters);
        assertEquals("train: publish model.tar.gz", training.get("Next").asText());
        assertEquals("States.Format('<LakeBucketB1D32E10>/models/{}/replenish-{}/output/model.tar.gz', $.runId, $.runId)",
                STATES.get("train: publish model.tar.gz").get("Parameters").get("CopySource.$").asText().replaceAll("<[^>]*LakeBucket[^>]*>", "<LakeBucketB1D32E10>"));
    }

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
    void deployCreatesTheEndpointOnceAndUpdatesItBlueGreenAfterwards() {
        // GIVEN the deploy states THEN a missing endpoint is created, an existing one updated
        JsonNode find = STATES.get("deploy: find endpoint");
        assertEquals("deploy: update endpoint (blue/green)", find.get("Next").asText());
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
    void loadFeaturesIsOneGlueJobRunOfTheRunWaitedForWithSync() {
        // GIVEN the load-features step's states
        List<String> states = allStates(STATES).keySet().stream().filter(name -> name.startsWith("load-features:")).toList();
        // THEN it is one Glue job run (no Lambda, no Map over Parquet parts)
        assertEquals(List.of("load-features: load feature store on Glue"), states);
        JsonNode load = STATES.get("load-features: load feature store on Glue");
        assertTrue(load.get("Resource").asText().endsWith(":states:::glue:startJobRun.sync"), load.toString());
        assertTrue(load.get("Parameters").get("JobName").toString().contains("FeatureLoadJob"), load.toString());
        assertEquals("$.runId", load.get("Parameters").get("Arguments").get("--run_id.$").asText());
        // AND it waits the job's own timeout plus the start margin, retries Glue's transient errors and catches the rest
        assertEquals((60 + 30) * 60, load.get("TimeoutSeconds").asInt());
        assertEquals(STATES.get("join: run Spark join on Glue").get("Retry"), load.get("Retry"));
        assertEquals("notify failure", load.get("Catch").get(0).get("Next").asText());
        assertEquals("run succeeded", load.get("Next").asText());
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

    /** Each branch of a Parallel state as its states from StartAt along Next. */
    private static List<List<String>> branchPaths(JsonNode parallel) {
        List<List<String>> paths = new ArrayList<>();
        for (JsonNode branch : parallel.get("Branches")) {
            List<String> path = new ArrayList<>();
            String name = branch.get("StartAt").asText();
            while (name != null) {
                path.add(name);
                JsonNode state = branch.get("States").get(name);
                name = state.has("Next") ? state.get("Next").asText() : null;
            }
            paths.add(path);
        }
        return paths;
    }

    /** The lake bucket's name, however the template refers to it, as "<LakeBucket>". */
    private static String lakeBucket(String text) {
        return text.replaceAll("<[^>]*LakeBucket[^>]*>", "<LakeBucket>");
    }

    /** A Choice state's branches on one variable: compared value -> next state. */
    private static Map<String, String> choiceBranches(String choice, String variable) {
        Map<String, String> branches = new LinkedHashMap<>();
        for (JsonNode rule : STATES.get(choice).get("Choices")) {
            if (variable.equals(rule.path("Variable").asText())) {
                JsonNode value = rule.has("StringEquals") ? rule.get("StringEquals") : rule.get("BooleanEquals");
                branches.put(value.asText(), rule.get("Next").asText());
            }
        }
        return branches;
    }
}
