package dev.replenish.lambdas.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.pipeline.RunId;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunGuardHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode answer(String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RunGuardHandler().handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void anExecutionsUuidIsAccepted() throws IOException {
        // GIVEN the name Step Functions gives an execution a trigger started
        // WHEN the guard checks it
        JsonNode answer = answer("{\"runId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"}");
        // THEN the run may go on
        assertTrue(answer.get("accepted").asBoolean());
        assertTrue(answer.get("reason").isNull());
    }

    @Test
    void anUnderscoreIsRefusedWithTheMessageLocalGives() throws IOException {
        // GIVEN --name run_1, which SageMaker would refuse in "replenish-run_1" after the paid steps
        // WHEN the guard checks it
        JsonNode answer = answer("{\"runId\":\"run_1\"}");
        // THEN it is refused with core's rule, word for word what local's --run-id run_1 prints
        assertEquals(false, answer.get("accepted").asBoolean());
        assertEquals(RunId.problem("run_1"), answer.get("reason").asText());
        assertTrue(answer.get("reason").asText().contains("'run_1'"));
    }

    @Test
    void anEventWithoutARunIdIsRefusedNamingTheField() throws IOException {
        JsonNode answer = answer("{\"runid\":\"r1\"}");
        assertEquals(false, answer.get("accepted").asBoolean());
        assertEquals("field 'runId': is required as a string", answer.get("reason").asText());
    }
}
