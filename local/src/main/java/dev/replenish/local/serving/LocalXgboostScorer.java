package dev.replenish.local.serving;

import dev.replenish.core.registry.ActiveModel;
import dev.replenish.core.serving.ModelVersion;
import dev.replenish.lambdas.serving.Scorer;
import dev.replenish.local.UserError;
import dev.replenish.local.registry.LocalModelRegistry;
import dev.replenish.local.training.LocalModel;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.nio.file.Path;

/**
 * Scores in-process with the active model's xgboost4j Booster: the same model.tar.gz the SageMaker
 * container serves, and the same float32 inputs, so the probabilities are the same.
 */
public final class LocalXgboostScorer implements Scorer {

    private final Booster booster;
    private final ModelVersion version;

    LocalXgboostScorer(Booster booster, ModelVersion version) {
        this.booster = booster;
        this.version = version;
        try {
            // Requests arrive on many threads at once; OpenMP threads per prediction would only fight them.
            booster.setParam("nthread", "1");
        } catch (XGBoostError e) {
            throw new IllegalStateException("configuring the booster: " + e.getMessage(), e);
        }
    }

    /** The model the registry marks active under the work directory. */
    public static LocalXgboostScorer active(Path workDir) {
        LocalModelRegistry registry = new LocalModelRegistry(workDir);
        ActiveModel active = registry.active().orElseThrow(() -> new UserError(
                "no active model under " + workDir + "/models: run the pipeline (replenish pipeline or demo) first"));
        String fingerprint = registry.read(active.runId()).featureManifestFingerprint();
        return new LocalXgboostScorer(LocalModel.read(registry.archive(active.runId())),
                new ModelVersion(active.runId(), fingerprint));
    }

    @Override
    public ModelVersion version() {
        return version;
    }

    /**
     * Predicts straight from the float array (XGBoost's in-place prediction, thread safe for tree
     * boosters): building a DMatrix per request cost about a third of the scoring time of a
     * next-basket request, and the trees see the same float32 values either way.
     */
    @Override
    public double[] score(float[] rows, int featureCount) {
        int count = rows.length / featureCount;
        try {
            float[][] predictions = booster.inplace_predict(rows, count, featureCount, Float.NaN);
            double[] probabilities = new double[count];
            for (int i = 0; i < count; i++) {
                probabilities[i] = predictions[i][0];
            }
            return probabilities;
        } catch (XGBoostError e) {
            throw new IllegalStateException("xgboost4j failed to score " + count + " rows: " + e.getMessage(), e);
        }
    }
}
