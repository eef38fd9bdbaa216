package dev.replenish.lambdas.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.sql.QueryStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The JSON the state machine exchanges with the query Lambdas.
 *
 * <pre>
 * StartQueryHandler   in  {"runId": "20260101-120000", "stage": "curate" | "features", "query": "orders.check"}
 *                     out {"executionId": "..."}
 * QueryStatusHandler  in  {"executionId": "..."}
 *                     out {"state": "RUNNING" | "SUCCEEDED" | "FAILED", "reason": null | "Athena's reason"}
 * </pre>
 * Other fields in the input are ignored, so a state may pass its whole input.
 */
final class QueryEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Output of StartQueryHandler. */
    record Started(String executionId) {
    }

    /** Output of QueryStatusHandler. */
    record Status(String state, String reason) {
        static Status of(QueryStatus status) {
            return new Status(status.state().name(), status.reason());
        }
    }

    private QueryEvents() {
    }

    static StartQuery readStartQuery(InputStream input) throws IOException {
        return startQuery(readObject(input));
    }

    private static StartQuery startQuery(JsonNode event) {
        String runId = requiredText(event, "runId");
        try {
            LakeLayout.requireRun(runId);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryRequest("runId", e.getMessage());
        }
        QueryStage stage;
        try {
            stage = QueryStage.byId(requiredText(event, "stage"));
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryRequest("stage", e.getMessage());
        }
        return new StartQuery(runId, stage, requiredText(event, "query"));
    }

    static String readExecutionId(InputStream input) throws IOException {
        return requiredText(readObject(input), "executionId");
    }

    /** Input of QueryStatusHandler: the execution, and the query it runs when the state passes it (it always does). */
    record StatusRequest(String executionId, Optional<StartQuery> query) {
    }

    static StatusRequest readStatusRequest(InputStream input) throws IOException {
        JsonNode event = readObject(input);
        String executionId = requiredText(event, "executionId");
        if (!event.hasNonNull("stage") && !event.hasNonNull("query")) {
            return new StatusRequest(executionId, Optional.empty());
        }
        return new StatusRequest(executionId, Optional.of(startQuery(event)));
    }

    static void write(OutputStream output, Object event) throws IOException {
        JSON.writeValue(output, event);
    }

    private static JsonNode readObject(InputStream input) throws IOException {
        JsonNode event;
        try {
            event = JSON.readTree(input);
        } catch (JsonProcessingException e) {
            throw new InvalidQueryRequest("(event)", "not valid JSON: " + e.getOriginalMessage());
        }
        if (event == null || !event.isObject()) {
            throw new InvalidQueryRequest("(event)", "must be a JSON object");
        }
        return event;
    }

    private static String requiredText(JsonNode event, String field) {
        JsonNode value = event.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidQueryRequest(field, "is required");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidQueryRequest(field, "must be a non-empty string, was " + value);
        }
        return value.asText();
    }
}
