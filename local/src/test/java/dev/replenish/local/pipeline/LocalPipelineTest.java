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
    void fromAfterToIsRefused() {
        LocalPipeline pipeline = pipelineOf(PipelineStep.CATALOG, PipelineStep.CURATE);
        UserError error = assertThrows(UserError.class, () -> pipeline.run(context(), PipelineStep.CURATE, PipelineStep.CATALOG));
        assertEquals("--from curate comes after --to catalog", error.getMessage());
    }
}
