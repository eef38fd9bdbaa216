package dev.replenish.infra;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.replenish.infra.StateMachineDefinition.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The catalog step's states (pipeline.CatalogStep). */
class CatalogStepTest {

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
}
