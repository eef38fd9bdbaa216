package dev.replenish.lambdas.serving;

import dev.replenish.core.serving.ModelVersion;

/**
 * Turns feature vectors into reorder probabilities: the SageMaker endpoint in AWS, an xgboost4j
 * Booster in-process on one machine.
 */
public interface Scorer {

    /** The model answering now. */
    ModelVersion version();

    /**
     * @param rows         row-major feature vectors in feature-manifest order; NaN is a missing value
     * @param featureCount features per row
     * @return one probability per row
     */
    double[] score(float[] rows, int featureCount);
}
