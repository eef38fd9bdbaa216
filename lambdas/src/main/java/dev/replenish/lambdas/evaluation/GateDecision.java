package dev.replenish.lambdas.evaluation;

import dev.replenish.core.evaluation.EvaluationMetrics;

/**
 * The evaluate step's answer to the state machine.
 *
 * @param deploy              whether the run's model replaces the serving one
 * @param reason              one sentence: why
 * @param metrics             the run's metrics (metrics.json's figures)
 * @param manifestFingerprint the run's feature manifest, which the deploy step records in the model's environment
 * @param activeRunId         the serving run compared against, or null when none serves
 * @param orders              validation orders scored
 * @param candidates          validation candidate rows scored
 */
public record GateDecision(boolean deploy, String reason, EvaluationMetrics metrics, String manifestFingerprint,
                           String activeRunId, int orders, long candidates) {
}
