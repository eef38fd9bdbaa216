package dev.replenish.core.contract;

/**
 * One column of the data contract.
 *
 * @param name     the column name, as in the Kaggle header
 * @param type     its type once curated
 * @param nullable whether an empty raw value is allowed (it becomes NULL)
 */
public record Column(String name, ColumnType type, boolean nullable) {

    public static Column required(String name, ColumnType type) {
        return new Column(name, type, false);
    }

    public static Column optional(String name, ColumnType type) {
        return new Column(name, type, true);
    }
}
