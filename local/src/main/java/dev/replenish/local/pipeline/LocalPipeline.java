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
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The in-process runner: walks {@link PipelineStep#values()} in order and runs each step's local
 * implementation. A step without a local implementation yet ends the range it may run.
 *
 * <p>Status is plain lines (so it reads the same in a terminal, a log file or CI): one when a step
 * starts, a "still running" line every {@link #PROGRESS_SECONDS} seconds while it runs, and one
 * with its rows, time and peak memory when it ends.
 */
public final class LocalPipeline {

    /** Long steps (Spark's join, training at full scale) say they are alive this often. */
    static final long PROGRESS_SECONDS = 15;

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

    /** Runs the range, then writes and prints the run's summary (reports/&lt;run&gt;/run-summary.json). */
    public RunSummary runAndSummarise(StepContext context, PipelineStep from, PipelineStep to) {
        List<StepOutcome> outcomes = run(context, from, to);
        RunSummary summary = RunSummary.record(context, outcomes);
        summary.print(context.out());
        return summary;
    }

    public List<StepOutcome> run(StepContext context, PipelineStep from, PipelineStep to) {
        PipelineStep first = from == null ? PipelineStep.values()[0] : from;
        PipelineStep last = to == null ? lastAvailable(first) : to;
        if (first.ordinal() > last.ordinal()) {
            throw new UserError("--from " + first.id() + " comes after --to " + last.id());
        }
        PrintStream out = context.out();
        out.printf("run %s: steps %s..%s, lake %s%n", context.runId(), first.id(), last.id(), context.lakeRoot());
        List<PipelineStep> range = new ArrayList<>();
        for (PipelineStep step : PipelineStep.values()) {
            if (step.ordinal() >= first.ordinal() && step.ordinal() <= last.ordinal()) {
                range.add(step);
            }
        }
        List<StepOutcome> outcomes = new ArrayList<>();
        for (PipelineStep step : range) {
            LocalStep implementation = steps.get(step);
            if (implementation == null) {
                throw new UserError("step '" + step.id() + "' has no local implementation yet; available: "
                        + steps.keySet().stream().map(PipelineStep::id).collect(Collectors.joining(", ")));
            }
            out.printf("%n== [%d/%d] %s: %s%n", outcomes.size() + 1, range.size(), step.id(), step.purpose());
            outcomes.add(runStep(context, step, implementation));
        }
        return outcomes;
    }

    private static StepOutcome runStep(StepContext context, PipelineStep step, LocalStep implementation) {
        PrintStream out = context.out();
        boolean stepPeak = ProcessMemory.resetPeak();
        long started = System.nanoTime();
        Thread interrupted = new Thread(() -> out.printf("%ninterrupted during step '%s' of run %s: its outputs are not"
                + " marked complete; resume with --from %s%n", step.id(), context.runId(), step.id()));
        Runtime.getRuntime().addShutdownHook(interrupted);
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "replenish-progress");
            thread.setDaemon(true);
            return thread;
        });
        progress.scheduleAtFixedRate(() -> out.printf(Locale.ROOT, "  ... %s running for %.0f s, RSS %s%n", step.id(),
                (System.nanoTime() - started) / 1e9, ProcessMemory.residentBytes().stream()
                        .mapToObj(ProcessMemory::gigabytes).findFirst().orElse("n/a")),
                PROGRESS_SECONDS, PROGRESS_SECONDS, TimeUnit.SECONDS);
        StepResult result;
        try {
            result = implementation.run(context);
        } catch (UserError e) {
            failed(context, step, started);
            throw new UserError("step '" + step.id() + "' failed: " + e.getMessage(), e);
        } catch (Exception e) {
            failed(context, step, started);
            throw new StepFailure(step, e);
        } finally {
            progress.shutdownNow();
            removeHook(interrupted);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        OptionalLong peak = ProcessMemory.peakBytes();
        result.lines().forEach(line -> out.println("  " + line));
        out.printf(Locale.ROOT, "  %s done in %.1f s%s%s%n", step.id(), seconds, rows(result),
                peak.isPresent() ? ", peak RSS " + ProcessMemory.gigabytes(peak.getAsLong())
                        + (stepPeak ? "" : " (process so far)") : "");
        return new StepOutcome(step, result, seconds, peak.orElse(-1), stepPeak);
    }

    private static String rows(StepResult result) {
        long in = result.total(StepResult.RowCount.Kind.IN);
        long outRows = result.total(StepResult.RowCount.Kind.OUT);
        long rejected = result.total(StepResult.RowCount.Kind.REJECTED);
        StringBuilder text = new StringBuilder();
        if (in >= 0) {
            text.append(String.format(Locale.ROOT, ", %,d rows in", in));
        }
        if (outRows >= 0) {
            text.append(String.format(Locale.ROOT, ", %,d out", outRows));
        }
        if (rejected > 0) {
            text.append(String.format(Locale.ROOT, ", %,d rejected", rejected));
        }
        return text.toString();
    }

    private static void failed(StepContext context, PipelineStep step, long started) {
        context.out().printf(Locale.ROOT, "  %s FAILED after %.1f s; once the cause is fixed, resume run %s with --from %s%n",
                step.id(), (System.nanoTime() - started) / 1e9, context.runId(), step.id());
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already stopping (Ctrl-C): the hook is what tells the user.
        }
    }

    /**
     * One step's result, wall time and memory.
     *
     * @param peakRssBytes the process's peak resident memory during the step (-1 where unknown)
     * @param stepPeak     whether that peak is the step's own; if false it is the process's peak so far
     */
    public record StepOutcome(PipelineStep step, StepResult result, double seconds, long peakRssBytes, boolean stepPeak) {
    }
}
