package dev.replenish.core.sql;

/**
 * Where a query started on an {@link AsyncSqlEngine} stands.
 *
 * @param state  RUNNING until it ends, then SUCCEEDED or FAILED
 * @param reason the engine's own explanation when it FAILED (Athena's StateChangeReason), else null
 */
public record QueryStatus(State state, String reason) {

    public enum State {
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    public QueryStatus {
        if (state == null) {
            throw new IllegalArgumentException("state is required");
        }
        if (state == State.FAILED && (reason == null || reason.isBlank())) {
            reason = "the engine gave no reason";
        }
    }

    public static QueryStatus running() {
        return new QueryStatus(State.RUNNING, null);
    }

    public static QueryStatus succeeded() {
        return new QueryStatus(State.SUCCEEDED, null);
    }

    public static QueryStatus failed(String reason) {
        return new QueryStatus(State.FAILED, reason);
    }
}
