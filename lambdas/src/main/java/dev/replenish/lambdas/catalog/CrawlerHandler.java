package dev.replenish.lambdas.catalog;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.config.CloudEnvironment;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.glue.GlueClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * State machine task of the catalog step (infra's PipelineStateMachine builds these events):
 * <pre>
 * {"action": "start", "runId"}                    -> {"startedAt": "2026-01-01T12:00:00Z"}
 * {"action": "status", "runId", "startedAt"}      -> {"state": "RUNNING" | "SUCCEEDED" | "FAILED", "reason": null | "..."}
 * {"action": "checkSchema", "runId"}              -> {"tables": ["raw_departments", ...]}; fails with
 *                                                    {@link SchemaMismatch} naming every differing column
 * </pre>
 * A malformed event fails with IllegalArgumentException naming the field.
 */
public final class CrawlerHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CatalogService service;

    /** The Lambda runtime's constructor: a Glue client and the names from the environment the CDK app sets. */
    public CrawlerHandler() {
        this(fromEnvironment(System.getenv()));
    }

    CrawlerHandler(CatalogService service) {
        this.service = service;
    }

    static CatalogService fromEnvironment(Map<String, String> environment) {
        GlueClient glue = GlueClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        return new CatalogService(new GlueRawCatalog(glue, required(environment, CloudEnvironment.CRAWLER_NAME), required(environment, CloudEnvironment.GLUE_DATABASE)),
                required(environment, CloudEnvironment.RAW_TABLE_PREFIX), Clock.systemUTC());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("the event must be a JSON object");
        }
        String action = text(event, "action");
        Object answer = switch (action) {
            case "start" -> Map.of("startedAt", service.start().toString());
            case "status" -> service.status(instant(event, "startedAt"));
            case "checkSchema" -> Map.of("tables", service.checkSchema());
            default -> throw new IllegalArgumentException("field 'action': must be one of start, status, checkSchema; was '" + action + "'");
        };
        if (context != null) {
            context.getLogger().log("run " + event.path("runId").asText("?") + ": catalog " + action + " -> " + JSON.writeValueAsString(answer) + "\n");
        }
        JSON.writeValue(output, answer);
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("field '" + field + "': is required as a non-empty string");
        }
        return value.asText();
    }

    private static Instant instant(JsonNode event, String field) {
        try {
            return Instant.parse(text(event, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "': must be an ISO-8601 instant, was " + event.get(field));
        }
    }

    private static String required(Map<String, String> environment, String variable) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + variable + " is not set");
        }
        return value;
    }
}
