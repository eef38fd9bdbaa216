package dev.replenish.local.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.local.UserError;
import dev.replenish.local.evaluation.EvaluateStep;
import dev.replenish.local.features.FeaturesStep;
import dev.replenish.local.ingest.CatalogStep;
import dev.replenish.local.ingest.CurateStep;
import dev.replenish.local.featurestore.LoadFeaturesStep;
import dev.replenish.local.join.JoinStep;
import dev.replenish.local.registry.DeployStep;
import dev.replenish.local.training.TrainStep;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The in-process runner: walks {@link PipelineStep#values()} in order and runs each step's local
 * implementation. A step without a local implementation yet ends the range it may run.
 */
public final class LocalPipeline {

    private final Map<PipelineStep, LocalStep> steps = new EnumMap<>(PipelineStep.class);

    public LocalPipeline(List<LocalStep> implementations) {
        for (LocalStep implementation : implementations) {
            steps.put(implementation.step(), implementation);
        }
    }

    /** Every step implemented locally so far. */
    public static LocalPipeline standard() {
        return new LocalPipeline(List.of(new CatalogStep(), new CurateStep(), new FeaturesStep(), new JoinStep(),
                new TrainStep(), new EvaluateStep(), new DeployStep(), new LoadFeaturesStep()));
    }

    /** The last step of the unbroken run of implemented steps that starts at {@code first}. */
    PipelineStep lastAvailable(PipelineStep first) {
        PipelineStep last = null;
        for (PipelineStep step : PipelineStep.values()) {
            if (step.ordinal() < first.ordinal()) {
                continue;
            }
            if (!steps.containsKey(step)) {
                break;
            }
            last = step;
        }
        if (last == null) {
            throw new UserError("no pipeline step is available locally yet");
        }
        return last;
    }

    public List<StepOutcome> run(StepContext context, PipelineStep from, PipelineStep to) {
        PipelineStep first = from == null ? PipelineStep.values()[0] : from;
        PipelineStep last = to == null ? lastAvailable(first) : to;
        if (first.ordinal() > last.ordinal()) {
            throw new UserError("--from " + first.id() + " comes after --to " + last.id());
        }
        PrintStream out = context.out();
        out.printf("run %s: steps %s..%s, lake %s%n", context.runId(), first.id(), last.id(), context.lakeRoot());
        List<StepOutcome> outcomes = new ArrayList<>();
        for (PipelineStep step : PipelineStep.values()) {
            if (step.ordinal() < first.ordinal() || step.ordinal() > last.ordinal()) {
                continue;
            }
            LocalStep implementation = steps.get(step);
            if (implementation == null) {
                throw new UserError("step '" + step.id() + "' has no local implementation yet; available: "
                        + steps.keySet().stream().map(PipelineStep::id).collect(Collectors.joining(", ")));
            }
            out.printf("%n== %s: %s%n", step.id(), step.purpose());
            long started = System.nanoTime();
            StepResult result;
            try {
                result = implementation.run(context);
            } catch (UserError e) {
                throw new UserError("step '" + step.id() + "' failed: " + e.getMessage(), e);
            } catch (Exception e) {
                throw new IllegalStateException("step '" + step.id() + "' failed: " + e, e);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            result.lines().forEach(line -> out.println("  " + line));
            out.printf("  %s done in %.1f s%n", step.id(), seconds);
            outcomes.add(new StepOutcome(step, result, seconds));
        }
        return outcomes;
    }

    /** One step's result and wall time. */
    public record StepOutcome(PipelineStep step, StepResult result, double seconds) {
    }
}
