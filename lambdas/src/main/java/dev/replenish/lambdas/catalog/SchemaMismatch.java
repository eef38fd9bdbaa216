package dev.replenish.lambdas.catalog;

/**
 * The crawled raw tables do not match the data contract. Retrying cannot help (the files in raw/
 * must be fixed), so the state machine's catch fails the run with this message.
 */
public final class SchemaMismatch extends RuntimeException {

    public SchemaMismatch(String message) {
        super(message);
    }
}
