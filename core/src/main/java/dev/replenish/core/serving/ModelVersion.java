package dev.replenish.core.serving;

/**
 * The model that answers: the run that trained it, and the fingerprint of the feature manifest
 * it was trained on. Feature vectors with another fingerprint are not fed to it.
 */
public record ModelVersion(String runId, String manifestFingerprint) {
}
