package dev.replenish.lambdas.query;

/**
 * A request to start one named query of a stage for a run.
 *
 * @param runId the pipeline run (feature tables go under {@code features/<runId>/})
 * @param stage curate or features
 * @param query one of {@link QueryStage#queryNames()}
 */
public record StartQuery(String runId, QueryStage stage, String query) {
}
