package dev.replenish.local.join;

import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.glue.join.JoinJob;
import dev.replenish.glue.join.JoinSummary;
import dev.replenish.local.features.FeaturesStep;
import dev.replenish.local.pipeline.LocalStep;
import dev.replenish.local.pipeline.StepContext;
import dev.replenish.local.pipeline.StepResult;


import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** The join step locally: the Glue job's own class, in Spark local mode. */
public final class JoinStep implements LocalStep {

    @Override
    public PipelineStep step() {
        return PipelineStep.JOIN;
    }

    @Override
    public StepResult run(StepContext context) throws IOException {
        // The feature manifest is the join's completion marker, written last and required by every
        // later step: remove it first, so an interrupted re-run leaves no marker over half outputs.
        Files.deleteIfExists(context.lake(LakeLayout.featureManifest(context.runId())));
        context.out().println("  starting Spark (local mode) ...");
        JoinSummary summary = JoinJob.run(LocalSpark.session(), context.lakeRoot().toAbsolutePath().toString(),
                context.runId(), context.config().join().validationFraction(),
                context.config().candidateSources(), context.config().join().missions(), context.config().join().latentFactors());
        // The final candidates per source, the join's own two included, replace the features step's counts.
        FeaturesStep.CandidateCounts sources = new FeaturesStep.CandidateCounts(summary.candidateRows(),
                summary.proposedBy(JoinJob.FROM_HISTORY), summary.proposedBy(JoinJob.FROM_SIMILAR),
                summary.proposedBy(JoinJob.FROM_POPULAR), summary.proposedBy(JoinJob.FROM_NEIGHBOURS),
                summary.proposedBy(JoinJob.FROM_TARGET_POPULAR));
        sources.write(context.lake(LakeLayout.reports(context.runId())));
        List<StepResult.RowCount> counts = List.of(
                StepResult.RowCount.in("candidates (user x product)", summary.candidateRows()),
                StepResult.RowCount.out("training/train", summary.trainRows()),
                StepResult.RowCount.out("training/validation", summary.validationRows()),
                StepResult.RowCount.out("training/test", summary.inferenceRows() - summary.trainRows() - summary.validationRows()));
        return StepResult.of(List.of(
                String.format("candidates  %,12d rows (user x product); neighbour votes -> %s",
                        summary.candidateRows(), LakeLayout.training(context.runId(), JoinJob.NEIGHBOUR_VOTES)),
                sources.summaryLine(),
                String.format("train       %,12d rows  -> %s (CSV, label first)", summary.trainRows(), LakeLayout.training(context.runId(), "train")),
                String.format("validation  %,12d rows  -> %s", summary.validationRows(), LakeLayout.training(context.runId(), "validation")),
                String.format("inference   %,12d rows  -> %s (Parquet); recent orders of %,d users", summary.inferenceRows(),
                        LakeLayout.training(context.runId(), JoinJob.INFERENCE), summary.usersWithRecentOrders()),
                String.format("features    %12d columns; %.1f%% of labelled rows are re-orders", summary.features(), 100 * summary.positiveShare()),
                String.format("missions    %12d found    -> %s; fitted models %s", summary.missions(),
                        LakeLayout.missionsDocument(context.runId()), summary.fittedModels())), counts);
    }
}
