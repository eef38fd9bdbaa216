package dev.replenish.local.pipeline;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.local.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * One pipeline step as a verb of its own ({@code replenish train --work DIR}), for the steps that
 * need only the lake: run after {@code pipeline --to join}, or again with other settings. It runs
 * the same {@link LocalStep} the pipeline runs, through the same runner.
 */
@CommandLine.Command
public final class StepCommand implements Callable<Integer> {

    private final LocalStep step;
    private final java.util.List<ConfigOption> options;

    @Option(names = "--work", required = true, description = "Work directory: the local lake the earlier steps wrote.")
    Path work;

    @Option(names = "--run-id", description = "Run to work on (default: the newest run that has this step's input).")
    String runId;

    @Option(names = "--config", description = "JSON file overriding configuration defaults.")
    Path config;

    private StepCommand(LocalStep step, java.util.List<ConfigOption> options) {
        this.step = step;
        this.options = options;
    }

    /** Command-line options of one step that change the run's configuration (a picocli mixin). */
    public interface ConfigOption {
        ReplenishConfig apply(ReplenishConfig config);
    }

    /** The step as a subcommand named by its step id, described by its purpose, with extra options. */
    public static CommandLine of(LocalStep step, ConfigOption... options) {
        StepCommand command = new StepCommand(step, java.util.List.of(options));
        CommandLine line = new CommandLine(command);
        for (int i = 0; i < options.length; i++) {
            line.addMixin("option" + i, options[i]);
        }
        PipelineStep id = step.step();
        line.getCommandSpec().name(id.id());
        line.getCommandSpec().mixinStandardHelpOptions(true);
        line.getCommandSpec().usageMessage().description("Run the " + id.id() + " step: " + id.purpose() + ".");
        return line;
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(work)) {
            throw new UserError("--work " + work + ": no such directory");
        }
        ReplenishConfig runConfig;
        try {
            runConfig = adjust(config == null ? ReplenishConfig.defaults() : ReplenishConfig.load(config));
        } catch (ReplenishConfig.ConfigException e) {
            throw new UserError(e.getMessage());
        }
        String id = runId != null ? PipelineCommand.checkedRunId(runId) : newestRun(work, step.step())
                .orElseThrow(() -> new UserError("no run under " + work + " has the input of the " + step.step().id()
                        + " step (" + inputOf(step.step()) + "); give --run-id or run the earlier steps"));
        // Steps after the join read only the lake; the raw zone is where the pipeline would put it.
        StepContext context = new StepContext(work.resolve("raw"), work, id, runConfig, System.out);
        new LocalPipeline(java.util.List.of(step)).run(context, step.step(), step.step());
        return 0;
    }

    private ReplenishConfig adjust(ReplenishConfig loaded) {
        ReplenishConfig adjusted = loaded;
        for (ConfigOption option : options) {
            adjusted = option.apply(adjusted);
        }
        return adjusted;
    }

    private static String inputOf(PipelineStep step) {
        return step.ordinal() <= PipelineStep.TRAIN.ordinal() ? "training/<run>/feature-manifest.json" : "models/<run>/manifest.json";
    }

    /** The run whose input for this step was written last. */
    static Optional<String> newestRun(Path work, PipelineStep step) {
        boolean fromJoin = step.ordinal() <= PipelineStep.TRAIN.ordinal();
        Path folder = work.resolve(fromJoin ? "training" : "models");
        String marker = fromJoin ? "feature-manifest.json" : "manifest.json";
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(folder)) {
            return runs.filter(run -> Files.isRegularFile(run.resolve(marker)))
                    .max(Comparator.comparing(run -> modified(run.resolve(marker))))
                    .map(run -> run.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + folder, e);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
