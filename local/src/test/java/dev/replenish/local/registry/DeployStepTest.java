package dev.replenish.local.registry;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.evaluation.Baseline;
import dev.replenish.core.evaluation.EvaluationMetrics;
import dev.replenish.core.evaluation.RankingScores;
import dev.replenish.core.registry.ActiveModel;
import dev.replenish.core.registry.ModelManifest;
import dev.replenish.local.UserError;
import dev.replenish.local.pipeline.StepContext;
import dev.replenish.local.pipeline.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate on the local lake: registered runs with known validation F1, activated or not. */
class DeployStepTest {

    @TempDir
    Path lake;

    private void register(String runId, Double meanF1) throws Exception {
        RankingScores ranking = new RankingScores(0, 0, 0, 0, 0, 0);
        Map<Baseline, EvaluationMetrics.BaselineScores> baselines = new EnumMap<>(Baseline.class);
        for (Baseline baseline : Baseline.values()) {
            baselines.put(baseline, new EvaluationMetrics.BaselineScores(0.1, baseline.ranks() ? ranking : null));
        }
        ModelManifest.Evaluation evaluation = meanF1 == null ? null : new ModelManifest.Evaluation("2026-01-01T00:00:00Z",
                new EvaluationMetrics(new EvaluationMetrics.ModelScores(meanF1, 0.8, 0.3, ranking), baselines));
        ModelManifest manifest = new ModelManifest(runId, "2026-01-01T00:00:00Z", "test", new ModelManifest.TrainingInput("x", 1, 1, 2),
                "f", List.of("a"), ReplenishConfig.defaults(), Map.of(), new ModelManifest.TrainingOutcome(1, 0, "logloss", 0.3, false, 1, 1.0),
                evaluation, List.of());
        LocalModelRegistry local = new LocalModelRegistry(lake);
        local.write(manifest);
        Files.writeString(local.archive(runId), "a model");
    }

    private StepResult deploy(String runId, boolean force) {
        ReplenishConfig config = ReplenishConfig.defaults().withDeploy(new ReplenishConfig.Deploy(force));
        return new DeployStep().run(new StepContext(lake.resolve("raw"), lake, runId, config,
                new PrintStream(new ByteArrayOutputStream(), true)));
    }

    private String activeRun() throws Exception {
        return ActiveModel.fromJson(Files.readString(lake.resolve(ActiveModel.KEY)), "active").runId();
    }

    @Test
    void aWorseRunDoesNotBecomeActiveABetterOneDoesAndForceOverridesWithAWarning() throws Exception {
        // GIVEN runs with validation mean F1 0.30 (a), 0.25 (b), 0.35 (c), 0.20 (d)
        register("a", 0.30);
        register("b", 0.25);
        register("c", 0.35);
        register("d", 0.20);
        // WHEN a is deployed first THEN it becomes active (nothing to beat)
        deploy("a", false);
        assertEquals("a", activeRun());
        // WHEN the worse b is deployed THEN a stays active, and the summary says why
        StepResult worse = deploy("b", false);
        assertEquals("a", activeRun());
        assertTrue(worse.lines().get(0).contains("does not beat"), worse.lines().toString());
        // WHEN the better c is deployed THEN it becomes active
        deploy("c", false);
        assertEquals("c", activeRun());
        // WHEN the worse d is forced THEN it becomes active, with a warning, and the pointer records the force
        StepResult forced = deploy("d", true);
        assertEquals("d", activeRun());
        assertTrue(forced.lines().get(0).startsWith("WARNING: "), forced.lines().toString());
        assertTrue(ActiveModel.fromJson(Files.readString(lake.resolve(ActiveModel.KEY)), "a").forced());
    }

    @Test
    void aRunThatWasNotEvaluatedCannotBeDeployed() throws Exception {
        // GIVEN a trained but not evaluated run WHEN deployed THEN the error says to evaluate first, and nothing is active
        register("a", null);
        UserError error = assertThrows(UserError.class, () -> deploy("a", true));
        assertTrue(error.getMessage().contains("evaluate"), error.getMessage());
        assertFalse(Files.exists(lake.resolve(ActiveModel.KEY)));
    }
}
