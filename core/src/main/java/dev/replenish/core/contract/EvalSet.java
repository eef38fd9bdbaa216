package dev.replenish.core.contract;

/** The eval_set column of orders.csv. */
public enum EvalSet {
    /** History: the lines of these orders are the only input to features. */
    PRIOR,
    /** A user's last order with known lines: the labels. */
    TRAIN,
    /** A user's last order whose lines are to be predicted. */
    TEST;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
