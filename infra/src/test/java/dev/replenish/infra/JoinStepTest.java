package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static dev.replenish.infra.StateMachineDefinition.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The join step's states (pipeline.JoinStep). */
class JoinStepTest {

    @Test
    void joinWaitsForTheGlueJobRunThroughTheSyncIntegration() {
        JsonNode join = STATES.get("join: run Spark join on Glue");
        assertTrue(join.get("Resource").asText().endsWith(":states:::glue:startJobRun.sync"), join.toString());
        assertEquals("$.runId", join.get("Parameters").get("Arguments").get("--run_id.$").asText());
        assertEquals((60 + 30) * 60, join.get("TimeoutSeconds").asInt(), "job timeout plus the start margin");
    }
}
