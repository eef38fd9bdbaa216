package dev.replenish.lambdas.query;

/**
 * The relation {@code validation_candidates} that {@code sql/evaluation/user_product_history.sql}
 * reads: the join's validation rows of a run ({@code training/<run>/evaluation/}). Locally DuckDB
 * reads the Parquet directly; Athena needs a catalog table over it, redefined for every run.
 */
public interface ValidationCandidates {

    /** Makes {@code validation_candidates} read {@code runId}'s validation rows; returns once it does. */
    void define(String runId);
}
