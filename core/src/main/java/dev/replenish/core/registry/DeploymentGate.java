package dev.replenish.core.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * The rule that decides whether a newly evaluated model replaces the active one: it must beat the
 * active model's validation mean F1, strictly. Forcing overrides the rule, with a warning. Shared
 * by the local deploy step and the cloud's evaluation gate so the two cannot disagree.
 */
public final class DeploymentGate {

    private DeploymentGate() {
    }

    /**
     * @param activate whether the candidate becomes the active model
     * @param warning  whether the decision went against the gate (forced), so it must be shown as a warning
     * @param reason   one sentence for the run summary
     */
    public record Decision(boolean activate, boolean warning, String reason) {
    }

    /**
     * @param candidateRun    the run to deploy
     * @param candidateMeanF1 its validation mean F1
     * @param active          the active model, if any
     * @param force           activate even when the candidate does not beat the active model
     */
    public static Decision decide(String candidateRun, double candidateMeanF1, Optional<ActiveModel> active, boolean force) {
        if (Double.isNaN(candidateMeanF1)) {
            throw new IllegalArgumentException("run " + candidateRun + " has no validation mean F1: evaluate it before deploying");
        }
        if (active.isEmpty()) {
            return new Decision(true, false, String.format(Locale.ROOT,
                    "no model is active yet: run %s (mean F1 %.4f) becomes the active model", candidateRun, candidateMeanF1));
        }
        ActiveModel current = active.get();
        if (current.runId().equals(candidateRun)) {
            return new Decision(false, false, "run " + candidateRun + " is already the active model");
        }
        String comparison = String.format(Locale.ROOT, "mean F1 %.4f vs active run %s's %.4f",
                candidateMeanF1, current.runId(), current.meanF1());
        if (candidateMeanF1 > current.meanF1()) {
            return new Decision(true, false, "run " + candidateRun + " beats the active model (" + comparison + "): activated");
        }
        if (force) {
            return new Decision(true, true, "run " + candidateRun + " does NOT beat the active model (" + comparison
                    + ") but deployment was forced: activated anyway");
        }
        return new Decision(false, false, "run " + candidateRun + " does not beat the active model (" + comparison
                + "): not activated; --force-deploy overrides");
    }
}
