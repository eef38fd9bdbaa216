package dev.replenish.infra;

import dev.replenish.infra.pipeline.QueryPlan;
import org.junit.jupiter.api.Test;

import static dev.replenish.infra.StateMachineDefinition.assertQueriesRunInWaves;

/** The curate step's states (pipeline.CurateStep). */
class CurateStepTest {

    @Test
    void queriesDerivedFromTheirSourcesRunWaveByWaveInParallelWithinAWave() {
        // GIVEN the plan derived from the data contract's tables THEN the step's states hold it and run it wave by wave
        assertQueriesRunInWaves(QueryPlan.curate());
    }
}
