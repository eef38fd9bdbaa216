package dev.replenish.lambdas.evaluation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replenish.core.config.CloudEnvironment;
import dev.replenish.core.evaluation.MetricsJson;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.lambdas.endpoint.ServingEndpoint;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * State machine task of the evaluate step, after the batch transform and the baseline queries:
 * <pre>
 * {"runId", "forceDeploy": optional boolean} -> {"deploy": true | false, "reason": "...", "metrics": {metrics.json}, "manifestFingerprint": "...",
 *               "activeRunId": null | "...", "orders": n, "candidates": n}
 * </pre>
 * Writes {@code reports/<run>/metrics.json} and {@code index.html}. A malformed event fails with
 * IllegalArgumentException naming the field; missing or malformed inputs fail naming the S3 object.
 */
public final class EvaluationGateHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EvaluationGate gate;

    /** The Lambda runtime's constructor: S3 and SageMaker clients and the names from the environment the CDK app sets. */
    public EvaluationGateHandler() {
        this(fromEnvironment(System.getenv()));
    }

    EvaluationGateHandler(EvaluationGate gate) {
        this.gate = gate;
    }

    static EvaluationGate fromEnvironment(Map<String, String> environment) {
        S3Client s3 = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        SageMakerClient sageMaker = SageMakerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        return new EvaluationGate(new S3EvaluationLake(s3, required(environment, CloudEnvironment.LAKE_BUCKET)),
                new EndpointServingRun(new ServingEndpoint(sageMaker, required(environment, CloudEnvironment.ENDPOINT_NAME))));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        GateRequest request = request(input);
        String runId = request.runId();
        GateDecision decision = gate.evaluate(runId, request.forceDeploy());
        if (context != null) {
            context.getLogger().log("run " + runId + ": " + decision.reason() + "\n");
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("deploy", decision.deploy());
        answer.put("reason", decision.reason());
        answer.set("metrics", MetricsJson.toTree(decision.metrics()));
        answer.put("manifestFingerprint", decision.manifestFingerprint());
        answer.put("activeRunId", decision.activeRunId());
        answer.put("orders", decision.orders());
        answer.put("candidates", decision.candidates());
        JSON.writeValue(output, answer);
    }

    /** The event: the run, and whether to deploy even when the model does not beat the serving one. */
    record GateRequest(String runId, boolean forceDeploy) {
    }

    private static GateRequest request(InputStream input) throws IOException {
        JsonNode event;
        try {
            event = JSON.readTree(input);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the event is not valid JSON: " + e.getOriginalMessage());
        }
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("the event must be a JSON object");
        }
        JsonNode runId = event.get("runId");
        if (runId == null || !runId.isTextual()) {
            throw new IllegalArgumentException("field 'runId': a string is required, was " + runId);
        }
        try {
            LakeLayout.requireRun(runId.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'runId': " + e.getMessage());
        }
        JsonNode force = event.get("forceDeploy");
        if (force != null && !force.isNull() && !force.isBoolean()) {
            throw new IllegalArgumentException("field 'forceDeploy': must be true or false, was " + force);
        }
        return new GateRequest(runId.asText(), force != null && force.asBoolean(false));
    }

    private static String required(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
