package dev.replenish.local.pipeline;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.local.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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

    @Option(names = "--from", description = "First step to run (default: the first). Steps: ${COMPLETION-CANDIDATES}.",
            converter = StepConverter.class, completionCandidates = StepConverter.Names.class)
    PipelineStep from;

    @Option(names = "--to", description = "Last step to run (default: the last one available locally).",
            converter = StepConverter.class, completionCandidates = StepConverter.Names.class)
    PipelineStep to;

    @Option(names = "--run-id", description = "Id of this run (default: a timestamp).")
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
        String id = runId != null ? runId : LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Files.createDirectories(work);
        StepContext context = new StepContext(raw, work, id, runConfig, System.out);
        LocalPipeline pipeline = LocalPipeline.standard();
        pipeline.run(context, from, to);
        return 0;
    }
}
