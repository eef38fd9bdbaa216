package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.replenish.infra.StateMachineDefinition.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load-features step's states (pipeline.LoadFeaturesStep). */
class LoadFeaturesStepTest {

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
}
