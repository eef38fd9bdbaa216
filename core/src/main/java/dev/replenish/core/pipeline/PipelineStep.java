package dev.replenish.core.pipeline;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The pipeline, in order. The Step Functions state machine (infra) and the in-process runner
 * (local) are both built from this one list, so the two cannot drift apart.
 */
public enum PipelineStep {
    CATALOG("catalog", "register the six raw tables and check them against the data contract"),
    CURATE("curate", "typed, validated Parquet copies; contract violations go to rejects with the reason"),
    FEATURES("features", "user, product, user x product and order-context feature tables (SQL)"),
    JOIN("join", "Spark job: train / validation / inference tables and the feature manifest"),
    TRAIN("train", "XGBoost training; writes model.tar.gz"),
    EVALUATE("evaluate", "metrics against baselines; register the model; gate on the active model"),
    DEPLOY("deploy", "endpoint create/update (cloud) or model activation (local)"),
    LOAD_FEATURES("load-features", "feature store refresh: idempotent, counted, retried");

    private final String id;
    private final String purpose;

    PipelineStep(String id, String purpose) {
        this.id = id;
        this.purpose = purpose;
    }

    /** The step's name on the command line and in the state machine. */
    public String id() {
        return id;
    }

    public String purpose() {
        return purpose;
    }

    public static PipelineStep byId(String id) {
        return Arrays.stream(values())
                .filter(step -> step.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown step '" + id + "'; steps are "
                        + Arrays.stream(values()).map(PipelineStep::id).collect(Collectors.joining(", "))));
    }
}
