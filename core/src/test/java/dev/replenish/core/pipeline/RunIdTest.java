package dev.replenish.core.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunIdTest {

    @Test
    void idsSageMakerAcceptsInEveryDerivedNamePass() {
        // GIVEN a timestamp id (local's default), an execution's UUID (the cloud's default) and a hand-picked one
        for (String id : List.of("20261203-101500", "0f8fad5b-d9cb-469f-a165-70867728950e", "r1", "nightly--7")) {
            // THEN each follows the rule
            assertNull(RunId.problem(id), id);
            assertEquals(id, RunId.require(id));
        }
    }

    @Test
    void underscoresDotsEdgeHyphensAndOverlongIdsAreRefusedNamingTheIdAndTheRule() {
        // GIVEN ids SageMaker would refuse inside "replenish-<run id>" or "<endpoint>-eval-<run id>"
        for (String id : List.of("run_1", "run.1", "-run", "run-", "", "x".repeat(37), "läuft")) {
            // WHEN checked
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> RunId.require(id));
            // THEN the message names the id and the rule
            assertTrue(error.getMessage().startsWith("run id '" + id + "' must be 1-36 letters, digits or '-'"), error.getMessage());
        }
        assertTrue(RunId.problem(null).contains("'null'"));
    }

    @Test
    void theLongestIdIsAUuid() {
        // GIVEN an execution name as Step Functions generates it when a trigger starts a run
        String uuid = java.util.UUID.randomUUID().toString();
        // THEN it is exactly as long as the rule allows
        assertEquals(uuid.length(), RunId.MAX_LENGTH);
        assertNull(RunId.problem(uuid));
    }
}
