package dev.replenish.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code models/active.json}: the run whose model serves (locally; in the cloud, the endpoint's).
 *
 * @param runId       the active run
 * @param meanF1      its validation mean F1, the figure a new run must beat
 * @param activatedAt when it became active (ISO-8601, UTC)
 * @param forced      whether it was activated over the gate's objection
 */
public record ActiveModel(String runId, double meanF1, String activatedAt, boolean forced) {

    /** The key under the lake root (beside the run folders). */
    public static final String KEY = "models/active.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ActiveModel fromJson(String json, String source) {
        try {
            return JSON.readValue(json, ActiveModel.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not an active-model pointer: " + e.getOriginalMessage(), e);
        }
    }
}
