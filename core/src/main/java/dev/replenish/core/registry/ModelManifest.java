package dev.replenish.core.registry;

import dev.replenish.core.lake.LakeDocuments;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.evaluation.EvaluationMetrics;
import dev.replenish.core.features.FeatureManifest;

import java.util.List;
import java.util.Map;

/**
 * {@code models/<run>/manifest.json}: what a model was trained from and how well it did, so any
 * model can be traced to its data, code and settings. Training writes it; evaluation adds the
 * metrics.
 *
 * @param runId                      the run
 * @param trainedAt                  when training finished (ISO-8601, UTC)
 * @param codeVersion                git describe of the code that trained it, or the project version
 * @param input                      fingerprint and row counts of the training input
 * @param featureManifestFingerprint {@code FeatureManifest.fingerprint()} of the features it expects
 * @param features                   the feature columns, in the order the model reads them
 * @param configuration              the run's whole configuration
 * @param hyperParameters            the same training settings as SageMaker's built-in XGBoost takes them
 * @param training                   what the training loop did
 * @param evaluation                 the evaluation, or null until the run is evaluated
 * @param fittedModels               the models the join fitted for its features (missions, latent
 *                                   factors), as its feature manifest names them
 */
public record ModelManifest(String runId, String trainedAt, String codeVersion, TrainingInput input,
                            String featureManifestFingerprint, List<String> features, ReplenishConfig configuration,
                            Map<String, String> hyperParameters, TrainingOutcome training, Evaluation evaluation,
                            List<FeatureManifest.FittedModel> fittedModels) {

    /** The file name under {@code models/<run>/}. */
    public static final String FILE_NAME = "manifest.json";

    public ModelManifest {
        features = List.copyOf(features);
        hyperParameters = Map.copyOf(hyperParameters);
        // A run trained before the join fitted models has no such field.
        fittedModels = fittedModels == null ? List.of() : List.copyOf(fittedModels);
    }

    /**
     * @param sha256          SHA-256 over the training and validation CSV files (names and bytes, in name order)
     * @param trainRows       rows of the training CSV
     * @param validationRows  rows of the validation CSV
     * @param files           CSV part files read
     */
    public record TrainingInput(String sha256, long trainRows, long validationRows, int files) {
    }

    /**
     * @param roundsRun      boosting rounds trained before stopping
     * @param bestIteration  the round kept (0-based): the model holds rounds 0..bestIteration
     * @param stoppingMetric the validation metric early stopping watched
     * @param bestScore      its value at the best round
     * @param stoppedEarly   whether early stopping ended training before numRound
     * @param threads        threads XGBoost trained with
     * @param seconds        wall time of loading the CSV and training
     */
    public record TrainingOutcome(int roundsRun, int bestIteration, String stoppingMetric, double bestScore,
                                  boolean stoppedEarly, int threads, double seconds) {
    }

    /**
     * @param evaluatedAt when (ISO-8601, UTC)
     * @param metrics     the figures of {@code reports/<run>/metrics.json}
     */
    public record Evaluation(String evaluatedAt, EvaluationMetrics metrics) {
    }

    public ModelManifest withEvaluation(Evaluation added) {
        return new ModelManifest(runId, trainedAt, codeVersion, input, featureManifestFingerprint, features,
                configuration, hyperParameters, training, added, fittedModels);
    }

    /** Validation mean F1, or NaN when the run has not been evaluated. */
    public double meanF1() {
        return evaluation == null ? Double.NaN : evaluation.metrics().model().meanF1();
    }


    public String toJson() {
        return LakeDocuments.toJson(this);
    }

    public static ModelManifest fromJson(String json, String source) {
        return LakeDocuments.readTolerant(withCurrentConfigurationFields(json), ModelManifest.class, source, "a model manifest");
    }

    /** An older run's configuration lacks the fields later versions added: they read as today's defaults. */
    private static String withCurrentConfigurationFields(String json) {
        try {
            JsonNode tree = TREES.readTree(json);
            if (tree instanceof ObjectNode manifest && tree.hasNonNull("configuration")) {
                manifest.set("configuration", ReplenishConfig.storedWithDefaults(tree.get("configuration")));
                return TREES.writeValueAsString(manifest);
            }
            return json;
        } catch (JsonProcessingException e) {
            // Not this method's to judge: the typed read names the problem.
            return json;
        }
    }

    private static final ObjectMapper TREES = new ObjectMapper();
}
