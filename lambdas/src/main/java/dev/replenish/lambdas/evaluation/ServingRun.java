package dev.replenish.lambdas.evaluation;

import java.util.Optional;

/** Where the cloud finds the run whose model serves now: the one a new model must beat. */
@FunctionalInterface
public interface ServingRun {

    /** The serving run's id; empty when no model is deployed yet. */
    Optional<String> activeRunId();
}
