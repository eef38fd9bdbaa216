package dev.replenish.lambdas.query;

/** A statement the adapter waits on failed, or did not finish in time; the message carries Athena's reason. */
public final class AthenaStatementFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AthenaStatementFailed(String message) {
        super(message);
    }
}
