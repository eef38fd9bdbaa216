package dev.replenish.glue.join;

/**
 * What the join wrote, for the run summary.
 *
 * @param candidateRows  (user, product) rows for every user with a train or test order
 * @param trainRows      rows of train users in the training split
 * @param validationRows rows of train users held out for validation
 * @param inferenceRows  rows written for the feature store (every candidate)
 * @param positiveShare  share of train + validation rows whose label is 1
 * @param features       feature columns in the manifest
 * @param neighbourCandidates explore products the neighbour source proposed (before the distinct with
 *                       the features step's candidates); under training/<run>/neighbour-votes/
 */
public record JoinSummary(long candidateRows, long trainRows, long validationRows, long inferenceRows,
                          double positiveShare, int features, long neighbourCandidates) {
}
