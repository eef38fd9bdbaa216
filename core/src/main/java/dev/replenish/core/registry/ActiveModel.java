package dev.replenish.core.registry;

import dev.replenish.core.lake.LakeDocuments;

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
    public static final String KEY = dev.replenish.core.lake.LakeLayout.MODELS + "active.json";


    public String toJson() {
        return LakeDocuments.toJson(this);
    }

    public static ActiveModel fromJson(String json, String source) {
        return LakeDocuments.readTolerant(json, ActiveModel.class, source, "an active-model pointer");
    }
}
