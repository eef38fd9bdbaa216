package dev.replenish.lambdas.query;

/**
 * The event sent to a query Lambda is malformed; the message names the field and what it must be.
 * The state machine sees it as the error {@code dev.replenish.lambdas.query.InvalidQueryRequest},
 * which no retry can fix.
 */
public final class InvalidQueryRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidQueryRequest(String field, String problem) {
        super("field '" + field + "': " + problem);
    }
}
