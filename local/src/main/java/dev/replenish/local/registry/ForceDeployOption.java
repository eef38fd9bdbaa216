package dev.replenish.local.registry;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.local.pipeline.StepCommand;
import picocli.CommandLine.Option;

/**
 * --force-deploy, on {@code deploy} and {@code pipeline}: it sets {@code deploy.force} in the run's
 * configuration, which is how the deploy step (and, in the cloud, the state machine's input) learns it.
 */
public final class ForceDeployOption implements StepCommand.ConfigOption {

    @Option(names = "--force-deploy",
            description = "Activate the run's model even if its validation mean F1 does not beat the active model's (prints a warning).")
    boolean forceDeploy;

    @Override
    public ReplenishConfig apply(ReplenishConfig config) {
        return forceDeploy ? config.withDeploy(new ReplenishConfig.Deploy(true)) : config;
    }
}
