package dev.replenish.lambdas.query;

/** The lake's object store, as far as the query adapters need it. */
public interface LakeStorage {

    /** Deletes every object under {@code lakeKey} (a prefix ending with '/'); nothing happens when there is none. */
    void empty(String lakeKey);
}
