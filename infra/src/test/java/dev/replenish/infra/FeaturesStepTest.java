package dev.replenish.infra;

import dev.replenish.infra.pipeline.QueryPlan;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static dev.replenish.infra.StateMachineDefinition.assertQueriesRunInWaves;

/** The features step's states (pipeline.FeaturesStep). */
class FeaturesStepTest {

    @Test
    void queriesDerivedFromTheirSourcesRunWaveByWaveInParallelWithinAWave() {
        // GIVEN the plan derived from the SQL files THEN the step's states hold it and run it wave by wave
        assertQueriesRunInWaves(QueryPlan.features(Path.of("src/test/resources/sql-fixture")));
    }
}
