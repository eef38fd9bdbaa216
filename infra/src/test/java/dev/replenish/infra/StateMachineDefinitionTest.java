package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replenish.core.pipeline.PipelineStep;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.replenish.infra.StateMachineDefinition.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state machine as a whole: the steps in core's order, the run guard, the run's input, retries and the failure path. */
class StateMachineDefinitionTest {

    @Test
    void everyPipelineStepAppearsInTheOrderOfCoresStepList() {
        // GIVEN the order in which a successful run reaches the states
        List<String> reached = reachOrder();

        // WHEN keeping the states named after pipeline steps
        List<String> steps = reached.stream().filter(name -> Arrays.stream(PipelineStep.values())
                .anyMatch(step -> step.id().equals(name))).toList();

        // THEN they are exactly core's PipelineStep list, in order
        assertEquals(Arrays.stream(PipelineStep.values()).map(PipelineStep::id).toList(), steps);
        assertEquals("run guard", DEFINITION.get("StartAt").asText());
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
            // The run guard refuses a run before it starts: nothing to notify about, see theRunGuard... tests
            if (!state.has("Catch") || entry.getKey().equals("notify failure") || entry.getKey().equals("run guard")) {
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
    void noRetryCoversAServicesCatchAllErrorSoAValidationExceptionIsNotRetried() {
        // GIVEN every Retry of every state, nested ones too
        allStates(STATES).forEach((name, state) -> state.path("Retry").forEach(retry -> retry.get("ErrorEquals").forEach(error -> {
            // THEN none names a catch-all (SageMaker's ValidationException surfaces as SageMaker.AmazonSageMakerException)
            assertFalse(java.util.Set.of("SageMaker.AmazonSageMakerException", "SageMaker.SageMakerException", "S3.S3Exception",
                    "Glue.AWSGlueException", "States.ALL", "States.TaskFailed").contains(error.asText()), name + " retries " + error);
            // AND each names a throttle, an unavailable service, an internal fault, a client-side (network) fault
            // or, for Glue, a full queue of job runs
            assertTrue(error.asText().matches("[A-Za-z0-9]+\\.(.*Throttl.*|.*SlowDown.*|.*TooManyRequests.*|.*ServiceUnavailable.*"
                    + "|Internal.*|ServiceException|AWSLambdaException|SdkClientException|ConcurrentRunsExceededException"
                    + "|OperationTimeoutException)"), name + " retries " + error);
        })));
    }
}
