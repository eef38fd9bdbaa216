package dev.replenish.local.pipeline;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.local.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Run the pipeline steps in order (the same list the Step Functions state machine is built from).")
public final class PipelineCommand implements Callable<Integer> {

    @Option(names = "--raw", required = true, description = "Directory holding the six Instacart CSV files.")
    Path raw;

    @Option(names = "--work", required = true, description = "Work directory: the local lake (curated/, rejects/, features/, ...).")
    Path work;

    @Option(names = "--config", description = "JSON file overriding configuration defaults.")
    Path config;

    @Option(names = "--from", description = {"First step to run (default: the first). Steps: ${COMPLETION-CANDIDATES}.",
            "Without --run-id it resumes the latest run of the work directory (runs/latest)."},
            converter = StepConverter.class, completionCandidates = StepConverter.Names.class)
    PipelineStep from;

    @Option(names = "--to", description = "Last step to run (default: the last one available locally).",
            converter = StepConverter.class, completionCandidates = StepConverter.Names.class)
    PipelineStep to;

    @Option(names = "--run-id", description = "Id of this run (default: with --from the latest run's, else a new timestamp).")
    String runId;

    @picocli.CommandLine.Mixin
    dev.replenish.local.registry.ForceDeployOption forceDeploy = new dev.replenish.local.registry.ForceDeployOption();

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(raw)) {
            throw new UserError("--raw " + raw + ": no such directory");
        }
        ReplenishConfig runConfig;
        try {
            runConfig = config == null ? ReplenishConfig.defaults() : ReplenishConfig.load(config);
        } catch (ReplenishConfig.ConfigException e) {
            throw new UserError(e.getMessage());
        }
        runConfig = forceDeploy.apply(runConfig);
        String id = runId(work, runId, from);
        Files.createDirectories(work);
        LatestRun.record(work, id);
        StepContext context = new StepContext(raw, work, id, runConfig, System.out);
        LocalPipeline.standard().runAndSummarise(context, from, to);
        return 0;
    }

    /**
     * An explicit --run-id wins; --from resumes the work directory's latest run (steps are
     * idempotent, so re-running the failed step over its own run is safe); otherwise a new id.
     */
    /** A --run-id the user gave, refused by core's run-id rule (the cloud's first state applies the same one) with its message. */
    static String checkedRunId(String given) {
        String problem = dev.replenish.core.pipeline.RunId.problem(given);
        if (problem != null) {
            throw new UserError(problem);
        }
        return given;
    }

    static String runId(Path work, String given, PipelineStep from) {
        if (given != null) {
            return checkedRunId(given);
        }
        if (from == null) {
            return LatestRun.newId();
        }
        return LatestRun.read(work).orElseGet(() -> {
            if (from.ordinal() > 0) {
                throw new UserError("--from " + from.id() + ": no earlier run under " + work + " to resume ("
                        + LatestRun.file(work) + " is missing); give --run-id or run from the first step");
            }
            return LatestRun.newId();
        });
    }
}
