package dev.replenish.local.pipeline;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.local.UserError;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalPipelineTest {

    private final List<PipelineStep> ran = new ArrayList<>();

    /** A step that records that it ran. */
    private LocalStep recording(PipelineStep step) {
        return new LocalStep() {
            @Override
            public PipelineStep step() {
                return step;
            }

            @Override
            public StepResult run(StepContext context) {
                ran.add(step);
                return StepResult.of(List.of(step.id() + " ok"));
            }
        };
    }

    private static StepContext context() {
        return new StepContext(Path.of("raw"), Path.of("work"), "run-1", ReplenishConfig.defaults(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private LocalPipeline pipelineOf(PipelineStep... implemented) {
        List<LocalStep> steps = new ArrayList<>();
        for (PipelineStep step : implemented) {
            steps.add(recording(step));
        }
        return new LocalPipeline(steps);
    }

    @Test
    void runsTheStepsOfTheRangeInTheOrderOfTheStepList() {
        // GIVEN every step implemented, handed over out of order
        LocalPipeline pipeline = pipelineOf(PipelineStep.JOIN, PipelineStep.CATALOG, PipelineStep.FEATURES, PipelineStep.CURATE);
        // WHEN curate..join runs
        pipeline.run(context(), PipelineStep.CURATE, PipelineStep.JOIN);
        // THEN exactly those steps ran, in the list's order
        assertEquals(List.of(PipelineStep.CURATE, PipelineStep.FEATURES, PipelineStep.JOIN), ran);
    }

    @Test
    void withoutToItRunsFromFromUpToTheLastImplementedStepAfterIt() {
        // GIVEN catalog..join and load-features implemented (train..deploy not)
        LocalPipeline pipeline = pipelineOf(PipelineStep.CATALOG, PipelineStep.CURATE, PipelineStep.FEATURES,
                PipelineStep.JOIN, PipelineStep.LOAD_FEATURES);
        // WHEN run from load-features with no --to
        pipeline.run(context(), PipelineStep.LOAD_FEATURES, null);
        // THEN load-features runs
        assertEquals(List.of(PipelineStep.LOAD_FEATURES), ran);
        // AND from the start, the unbroken run ends at join
        ran.clear();
        pipeline.run(context(), null, null);
        assertEquals(List.of(PipelineStep.CATALOG, PipelineStep.CURATE, PipelineStep.FEATURES, PipelineStep.JOIN), ran);
    }

    @Test
    void aRangeThatNeedsAMissingStepIsRefusedNamingIt() {
        // GIVEN no train step
        LocalPipeline pipeline = pipelineOf(PipelineStep.JOIN, PipelineStep.EVALUATE);
        // WHEN join..evaluate is asked for THEN the error names the missing step, and nothing ran after it
        UserError error = assertThrows(UserError.class, () -> pipeline.run(context(), PipelineStep.JOIN, PipelineStep.EVALUATE));
        assertTrue(error.getMessage().startsWith("step 'train' has no local implementation yet"), error.getMessage());
        assertEquals(List.of(PipelineStep.JOIN), ran);
    }

    @Test
    void anUnexpectedFailureStopsTheRunNamingTheStepAndItsCauseOnOneLine() {
        // GIVEN a join that throws what a bug or an engine would throw, with a multi-line message
        List<LocalStep> steps = new ArrayList<>(List.of(recording(PipelineStep.CATALOG), recording(PipelineStep.TRAIN)));
        steps.add(new LocalStep() {
            @Override
            public PipelineStep step() {
                return PipelineStep.JOIN;
            }

            @Override
            public StepResult run(StepContext context) {
                throw new IllegalStateException(new java.io.IOException("disk full\n\tat some.Frame"));
            }
        });
        steps.addAll(List.of(recording(PipelineStep.CURATE), recording(PipelineStep.FEATURES)));
        LocalPipeline pipeline = new LocalPipeline(steps);
        // WHEN catalog..train runs
        StepFailure failure = assertThrows(StepFailure.class, () -> pipeline.run(context(), PipelineStep.CATALOG, PipelineStep.TRAIN));
        // THEN the failure names the step and the first line of the underlying cause
        assertEquals(PipelineStep.JOIN, failure.step());
        assertEquals("step 'join' failed: IllegalStateException: java.io.IOException: disk full", failure.getMessage());
        // AND nothing after the failing step ran
        assertEquals(List.of(PipelineStep.CATALOG, PipelineStep.CURATE, PipelineStep.FEATURES), ran);
    }

    @Test
    void aStepsTotalsAddUpItsNamedCountsAndAreAbsentWhenItReportedNone() {
        // GIVEN a result with two inputs, one output and no rejects
        StepResult result = StepResult.of(List.of(), List.of(StepResult.RowCount.in("a", 3), StepResult.RowCount.in("b", 4),
                StepResult.RowCount.out("c", 5)));
        // THEN the totals are the sums per kind, and -1 for the kind never reported
        assertEquals(7, result.total(StepResult.RowCount.Kind.IN));
        assertEquals(5, result.total(StepResult.RowCount.Kind.OUT));
        assertEquals(-1, result.total(StepResult.RowCount.Kind.REJECTED));
    }

    @Test
    void fromAfterToIsRefused() {
        LocalPipeline pipeline = pipelineOf(PipelineStep.CATALOG, PipelineStep.CURATE);
        UserError error = assertThrows(UserError.class, () -> pipeline.run(context(), PipelineStep.CURATE, PipelineStep.CATALOG));
        assertEquals("--from curate comes after --to catalog", error.getMessage());
    }

    @Test
    void aRunIdSageMakerWouldRefuseIsRefusedWithTheCloudsMessage() {
        // GIVEN --run-id run_1: '_' is not allowed in the SageMaker names the cloud derives from the run id
        // WHEN the pipeline command settles its run id
        UserError error = assertThrows(UserError.class, () -> PipelineCommand.runId(Path.of("work"), "run_1", null));

        // THEN it is refused before any step, with core's message (the one the state machine's run guard gives)
        assertEquals(dev.replenish.core.pipeline.RunId.problem("run_1"), error.getMessage());
        assertTrue(error.getMessage().startsWith("run id 'run_1' must be 1-36 letters, digits or '-'"), error.getMessage());
        // AND a run id that follows the rule passes unchanged
        assertEquals("run-1", PipelineCommand.runId(Path.of("work"), "run-1", null));
    }
}
