package dev.replenish.local.registry;

import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.core.registry.ActiveModel;
import dev.replenish.core.registry.DeploymentGate;
import dev.replenish.core.registry.ModelManifest;
import dev.replenish.local.UserError;
import dev.replenish.local.pipeline.LocalStep;
import dev.replenish.local.pipeline.StepContext;
import dev.replenish.local.pipeline.StepResult;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/**
 * The deploy step locally: model activation. The run's model becomes the active one only if its
 * validation mean F1 beats the active model's ({@link DeploymentGate}); {@code deploy.force} in the
 * configuration (the command line's --force-deploy) overrides, with a warning. Not activating is a
 * normal outcome, not a failure: the run stays registered and can be activated later.
 */
public final class DeployStep implements LocalStep {

    @Override
    public PipelineStep step() {
        return PipelineStep.DEPLOY;
    }

    @Override
    public StepResult run(StepContext context) {
        String runId = context.runId();
        LocalModelRegistry registry = new LocalModelRegistry(context.lakeRoot());
        ModelManifest manifest = registry.read(runId);
        if (manifest.evaluation() == null) {
            throw new UserError("run " + runId + " has not been evaluated: run the evaluate step before deploy");
        }
        if (!Files.isRegularFile(registry.archive(runId))) {
            throw new UserError("run " + runId + " has no model at " + registry.archive(runId));
        }
        boolean force = context.config().deploy().force();
        DeploymentGate.Decision decision = DeploymentGate.decide(runId, manifest.meanF1(), registry.active(), force);
        if (decision.activate()) {
            registry.activate(new ActiveModel(runId, manifest.meanF1(), Instant.now().toString(), decision.warning()));
        }
        if (decision.warning()) {
            // On stderr as well, so a forced deployment is seen even when the summary is not read.
            System.err.println("WARNING: " + decision.reason());
        }
        return StepResult.of(List.of((decision.warning() ? "WARNING: " : "") + decision.reason(),
                "active      " + registry.active().map(ActiveModel::runId).orElse("none") + " (" + ActiveModel.KEY + ")"));
    }
}
