package dev.replenish.core.lake;

import dev.replenish.core.contract.InstacartTable;

/**
 * The lake's prefixes, the same under the S3 bucket and under the local work directory.
 * Every key returned is relative to the lake root and ends with '/'.
 */
public final class LakeLayout {

    /** The top-level prefixes; infra's bucket policies and lifecycle rules are built from these too. */
    public static final String RAW = "raw/";
    public static final String CURATED = "curated/";
    public static final String REJECTS = "rejects/";
    public static final String FEATURES = "features/";
    public static final String TRAINING = "training/";
    public static final String MODELS = "models/";
    public static final String REPORTS = "reports/";
    public static final String TMP = "tmp/";

    private LakeLayout() {
    }

    public static String raw(InstacartTable table) {
        return RAW + table.tableName() + "/";
    }

    public static String curated(InstacartTable table) {
        return CURATED + table.tableName() + "/";
    }

    public static String rejects(InstacartTable table) {
        return REJECTS + table.tableName() + "/";
    }

    /** {@code features/<run>/}: every feature table of a run. */
    public static String featuresOfRun(String runId) {
        return FEATURES + requireRun(runId) + "/";
    }

    public static String features(String runId, String featureTable) {
        return featuresOfRun(runId) + featureTable + "/";
    }

    /** split is one of train, validation, inference. */
    public static String training(String runId, String split) {
        return TRAINING + requireRun(runId) + "/" + split + "/";
    }

    /** {@code training/<run>/feature-manifest.json}: the join's list of features, which every reader of vectors checks. */
    public static String featureManifest(String runId) {
        return TRAINING + requireRun(runId) + "/" + dev.replenish.core.features.FeatureManifest.FILE_NAME;
    }

    /**
     * {@code training/<run>/evaluation-scores/}: the cloud evaluation's batch transform output, one
     * {@code <input file>.out} per file of {@code evaluation-csv/}, each line
     * {@code user_id,product_id,order_id,label,probability}.
     */
    public static String evaluationScores(String runId) {
        return TRAINING + requireRun(runId) + "/evaluation-scores/";
    }

    /**
     * {@code training/<run>/evaluation-targets/}: the whole target basket of every validation order,
     * headerless CSV lines {@code order_id,product_id}, written by the join. Next-basket metrics are
     * over the whole basket, explore products that no candidate proposed included.
     */
    public static String evaluationTargets(String runId) {
        return TRAINING + requireRun(runId) + "/evaluation-targets/";
    }

    /**
     * {@code training/<run>/baselines/<table>/}: what the frequency baselines know, written by the
     * queries of {@code sql/evaluation/} as headerless CSV for the cloud's evaluation gate.
     */
    public static String baselineInputs(String runId, String table) {
        return TRAINING + requireRun(runId) + "/baselines/" + table + "/";
    }

    public static String models(String runId) {
        return MODELS + requireRun(runId) + "/";
    }

    /** The folders under {@code models/<run>/} of the models the join fits (see {@link #fittedModel}). */
    public static final String MISSIONS_MODEL = "missions-lda";
    public static final String LATENT_FACTORS_MODEL = "latent-factors-als";
    public static final java.util.List<String> FITTED_MODELS = java.util.List.of(MISSIONS_MODEL, LATENT_FACTORS_MODEL);

    /**
     * {@code models/<run>/<name>/}: a model the join fitted, in Spark ML's format (the missions' LDA,
     * the latent factors' ALS), kept for lineage beside the run's XGBoost model.
     */
    public static String fittedModel(String runId, String name) {
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("model name '" + name + "' must be lower-case letters, digits or '-'");
        }
        return models(runId) + name + "/";
    }

    /**
     * {@code training/<run>/missions/<output>/}: the shopping missions of a run (see
     * {@code ShoppingMissions}): {@code order-missions} (each prior order's mixture),
     * {@code user-missions} (each user's profile).
     */
    public static String missions(String runId, String output) {
        return training(runId, "missions") + output + "/";
    }

    /** {@code training/<run>/missions/missions.json}: the missions, their names and top aisles and products. */
    public static String missionsDocument(String runId) {
        return training(runId, "missions") + dev.replenish.core.missions.ShoppingMissions.FILE_NAME;
    }

    public static String reports(String runId) {
        return REPORTS + requireRun(runId) + "/";
    }

    /**
     * Intermediate tables of a step that no later step reads (the curate step's checked rows, say):
     * {@code tmp/<step>/<name>/}. Nothing under {@code tmp/} is kept between runs.
     */
    public static String scratch(String step, String name) {
        for (String part : new String[] {step, name}) {
            if (part == null || !part.matches("[a-z][a-z0-9_-]*")) {
                throw new IllegalArgumentException("scratch name '" + part + "' must be lower-case letters, digits, '_' or '-'");
            }
        }
        return TMP + step + "/" + name + "/";
    }

    /**
     * Whether a key lies under a prefix the pipeline rebuilds (curated/, rejects/, features/,
     * training/, models/, reports/, tmp/) and so may be emptied before it is written again. The raw
     * zone is the source of truth and never is.
     */
    public static boolean isRebuilt(String key) {
        if (key == null || key.contains("..") || key.startsWith("/")) {
            return false;
        }
        for (String prefix : new String[] {CURATED, REJECTS, FEATURES, TRAINING, MODELS, REPORTS, TMP}) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                return true;
            }
        }
        return false;
    }

    /** Returns the run id when it is valid (see {@link #features}); throws naming the rule otherwise. */
    public static String requireRun(String runId) {
        if (runId == null || !runId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new IllegalArgumentException("run id '" + runId
                    + "' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return runId;
    }
}
