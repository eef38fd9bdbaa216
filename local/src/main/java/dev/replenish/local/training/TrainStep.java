package dev.replenish.local.training;

import dev.replenish.core.features.FeatureManifest;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.model.ModelArchive;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.core.registry.ModelManifest;
import dev.replenish.local.CodeVersion;
import dev.replenish.local.pipeline.LocalStep;
import dev.replenish.local.pipeline.ProcessMemory;
import dev.replenish.local.pipeline.StepContext;
import dev.replenish.local.pipeline.StepResult;
import dev.replenish.local.registry.LocalModelRegistry;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The train step locally: xgboost4j on the join's CSV, with the run's training configuration;
 * writes {@code models/<run>/model.tar.gz} and the model's manifest.
 */
public final class TrainStep implements LocalStep {

    @Override
    public PipelineStep step() {
        return PipelineStep.TRAIN;
    }

    @Override
    public StepResult run(StepContext context) throws XGBoostError, IOException {
        String runId = context.runId();
        // The run's manifest vouches for its model.tar.gz (and carries the evaluation of it): drop
        // it before training, so an interrupted re-run cannot leave an old verdict on a new model.
        Files.deleteIfExists(new LocalModelRegistry(context.lakeRoot()).manifestFile(runId));
        FeatureManifest features = TrainingFiles.featureManifest(context.lakeRoot(), runId);
        TrainingFiles files = TrainingFiles.of(context.lakeRoot(), runId);
        ModelManifest.TrainingInput input = files.scan(features.features().size());
        context.out().printf(Locale.ROOT, "  input: %,d training + %,d validation rows in %d CSV files, %d features%n",
                input.trainRows(), input.validationRows(), input.files(), features.features().size());

        XgboostTrainer.Trained trained = XgboostTrainer.train(files, context.config().training(), context.out());
        long modelFeatures = trained.booster().getNumFeature();
        if (modelFeatures > features.features().size()) {
            throw new IllegalStateException("the model reads " + modelFeatures + " features but the feature manifest of run "
                    + runId + " lists " + features.features().size());
        }

        Path archive = context.lake(LakeLayout.models(runId)).resolve(ModelArchive.FILE_NAME);
        LocalModel.write(trained.model(), archive);
        ModelManifest manifest = new ModelManifest(runId, Instant.now().toString(), CodeVersion.detect(), input,
                features.fingerprint(), features.featureNames(), context.config(),
                context.config().training().sageMakerHyperParameters(), trained.outcome(), null, features.fittedModels());
        new LocalModelRegistry(context.lakeRoot()).write(manifest);
        trained.booster().dispose();

        ModelManifest.TrainingOutcome outcome = trained.outcome();
        return StepResult.of(List.of(
                String.format(Locale.ROOT, "rounds      %d trained, best round %d (validation %s %.5f)%s",
                        outcome.roundsRun(), outcome.bestIteration() + 1, outcome.stoppingMetric(), outcome.bestScore(),
                        outcome.stoppedEarly() ? ", stopped early" : ", round limit reached"),
                String.format(Locale.ROOT, "threads     %d; %.1f s loading and training; peak memory %s",
                        outcome.threads(), outcome.seconds(), ProcessMemory.describePeak()),
                String.format(Locale.ROOT, "model       %s (%,d bytes, UBJSON)", LakeLayout.models(runId) + ModelArchive.FILE_NAME,
                        Files.size(archive)),
                "manifest    " + LakeLayout.models(runId) + ModelManifest.FILE_NAME + " (input sha256 "
                        + input.sha256().substring(0, 12) + ", features " + features.fingerprint() + ")"),
                List.of(StepResult.RowCount.in("training/train", input.trainRows()),
                        StepResult.RowCount.in("training/validation", input.validationRows())));
    }
}
