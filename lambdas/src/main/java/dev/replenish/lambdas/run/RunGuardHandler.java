package dev.replenish.lambdas.run;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.pipeline.RunId;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state machine's first state (infra's PipelineStateMachine): is the run id one every derived
 * SageMaker name accepts? Amazon States Language cannot match a pattern, so core's {@link RunId}
 * rule, the one local's --run-id option applies, runs here, before any paid step.
 * <pre>
 * {"runId": "..."} -> {"accepted": true | false, "reason": null | "run id '...' must be ..."}
 * </pre>
 * The answer, not an exception, carries the refusal: the state machine fails the run with the reason
 * as its cause, which an exception would bury under a stack trace.
 */
public final class RunGuardHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        JsonNode runId = event == null ? null : event.get("runId");
        String problem = runId == null || !runId.isTextual()
                ? "field 'runId': is required as a string"
                : RunId.problem(runId.asText());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", problem == null);
        answer.put("reason", problem);
        if (context != null) {
            context.getLogger().log("run guard " + JSON.writeValueAsString(event) + " -> " + JSON.writeValueAsString(answer) + "\n");
        }
        JSON.writeValue(output, answer);
    }
}
