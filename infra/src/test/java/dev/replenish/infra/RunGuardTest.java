package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replenish.core.pipeline.PipelineStep;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.replenish.infra.StateMachineDefinition.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state machine's first state (pipeline.RunGuard): a run id SageMaker would refuse, or a second run, stops there. */
class RunGuardTest {

    @Test
    void theFirstStateRefusesARunIdSageMakerWouldRefuseWithCoresMessage() {
        // GIVEN the first state: a Parallel whose first branch asks the run guard function about the execution's name
        JsonNode guard = STATES.get(DEFINITION.get("StartAt").asText());
        assertEquals("Parallel", guard.get("Type").asText());
        JsonNode branch = guard.get("Branches").get(0);
        JsonNode check = branch.get("States").get(branch.get("StartAt").asText());
        assertTrue(check.get("Resource").asText().endsWith(":states:::lambda:invoke"), check.toString());
        assertEquals("$$.Execution.Name", check.get("Parameters").get("Payload").get("runId.$").asText());
        assertTrue(check.get("Parameters").get("FunctionName").toString().contains("FunctionsRunGuard"), check.toString());
        // WHEN the function answers accepted: false
        JsonNode accepted = branch.get("States").get(check.get("Next").asText());
        assertEquals("$.runIdCheck.accepted", accepted.get("Choices").get(0).get("Variable").asText());
        JsonNode refused = branch.get("States").get(accepted.get("Default").asText());
        // THEN the branch fails with the function's reason (core's RunId message) as the cause
        assertEquals("Fail", refused.get("Type").asText());
        assertEquals("InvalidRunId", refused.get("Error").asText());
        assertEquals("$.runIdCheck.reason", refused.get("CausePath").asText());
        // AND the guard's failure ends the run in a Fail carrying that error and cause, before any step
        JsonNode runRefused = STATES.get(guard.get("Catch").get(0).get("Next").asText());
        assertEquals("Fail", runRefused.get("Type").asText());
        assertEquals("$.error.Cause", runRefused.get("CausePath").asText());
        assertEquals("start run", guard.get("Next").asText());
        List<String> reached = reachOrder();
        assertTrue(reached.indexOf("run guard") < reached.indexOf(PipelineStep.CATALOG.id()), reached.toString());
    }

    @Test
    void aSecondRunWhileOneIsRunningStopsInTheFirstStateSayingWhy() {
        // GIVEN the guard's second branch
        JsonNode branch = STATES.get("run guard").get("Branches").get(1);
        JsonNode list = branch.get("States").get(branch.get("StartAt").asText());
        // THEN it lists this state machine's RUNNING executions (this one among them) through the SDK integration
        assertTrue(list.get("Resource").asText().endsWith(":states:::aws-sdk:sfn:listExecutions"), list.toString());
        assertEquals("$$.StateMachine.Id", list.get("Parameters").get("StateMachineArn.$").asText());
        assertEquals("RUNNING", list.get("Parameters").get("StatusFilter").asText());
        assertEquals("States.ArrayLength($.Executions)", list.get("ResultSelector").get("running.$").asText());
        // AND more than one (itself) fails the branch with a message that says what to do
        JsonNode another = branch.get("States").get(list.get("Next").asText());
        JsonNode rule = another.get("Choices").get(0);
        assertEquals("$.executions.running", rule.get("Variable").asText());
        assertEquals(1, rule.get("NumericGreaterThan").asInt());
        JsonNode stop = branch.get("States").get(rule.get("Next").asText());
        assertEquals("RunAlreadyRunning", stop.get("Error").asText());
        assertTrue(stop.get("Cause").asText().contains("only one runs at a time"), stop.toString());
    }
}
