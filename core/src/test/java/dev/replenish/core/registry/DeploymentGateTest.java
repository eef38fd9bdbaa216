package dev.replenish.core.registry;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeploymentGateTest {

    private static final Optional<ActiveModel> ACTIVE = Optional.of(new ActiveModel("old", 0.40, "2026-01-01T00:00:00Z", false));

    @Test
    void theFirstEvaluatedModelBecomesActive() {
        // GIVEN no active model WHEN a run is offered THEN it is activated without a warning
        DeploymentGate.Decision decision = DeploymentGate.decide("new", 0.10, Optional.empty(), false);
        assertTrue(decision.activate());
        assertFalse(decision.warning());
    }

    @Test
    void aBetterModelIsActivatedAndAWorseOrEqualOneIsNot() {
        // GIVEN an active model at mean F1 0.40
        // WHEN a run at 0.41 is offered THEN it is activated
        assertTrue(DeploymentGate.decide("new", 0.41, ACTIVE, false).activate());
        // WHEN a run at 0.39 or exactly 0.40 is offered THEN it is not: it must beat, not match
        DeploymentGate.Decision worse = DeploymentGate.decide("new", 0.39, ACTIVE, false);
        assertFalse(worse.activate());
        assertTrue(worse.reason().contains("0.3900") && worse.reason().contains("0.4000"), worse.reason());
        assertFalse(DeploymentGate.decide("new", 0.40, ACTIVE, false).activate());
    }

    @Test
    void forcingActivatesAWorseModelWithAWarning() {
        // GIVEN an active model at 0.40 WHEN a worse run is forced THEN it is activated, flagged as a warning
        DeploymentGate.Decision forced = DeploymentGate.decide("new", 0.30, ACTIVE, true);
        assertTrue(forced.activate());
        assertTrue(forced.warning());
        assertTrue(forced.reason().contains("forced"), forced.reason());
        // AND forcing a better run is no warning at all
        assertFalse(DeploymentGate.decide("new", 0.50, ACTIVE, true).warning());
    }

    @Test
    void aRunWithoutMetricsCannotBeDeployedEvenByForce() {
        // GIVEN a run never evaluated WHEN offered, even forced THEN it is an error naming the run
        var error = assertThrows(IllegalArgumentException.class, () -> DeploymentGate.decide("new", Double.NaN, ACTIVE, true));
        assertTrue(error.getMessage().contains("new"));
    }
}
