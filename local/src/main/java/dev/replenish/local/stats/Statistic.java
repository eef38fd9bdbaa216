package dev.replenish.local.stats;

/**
 * The statistics {@code replenish stats} reports, each with its published Instacart value (the
 * Kaggle "Instacart Market Basket Analysis" files: 206,209 users, 3,421,083 orders).
 */
public enum Statistic {
    USERS("users", 206_209, Target.NOT_COMPARED, Unit.COUNT),
    ORDERS("orders", 3_421_083, Target.PER_USER, Unit.COUNT),
    ORDERS_PER_USER_MEAN("orders per user: mean", 3_421_083.0 / 206_209, Target.ABSOLUTE, Unit.DECIMAL),
    ORDERS_PER_USER_MIN("orders per user: min", 4, Target.ABSOLUTE, Unit.COUNT),
    ORDERS_PER_USER_MAX("orders per user: max", 100, Target.ABSOLUTE, Unit.COUNT),
    BASKET_MEAN("basket size: mean", 10.1, Target.ABSOLUTE, Unit.DECIMAL),
    BASKET_MEDIAN("basket size: median", 8, Target.ABSOLUTE, Unit.DECIMAL),
    BASKET_MAX("basket size: max", 145, Target.ABSOLUTE, Unit.COUNT),
    PRIOR_REORDER_SHARE("prior lines re-ordered", 0.590, Target.ABSOLUTE, Unit.SHARE),
    TRAIN_REORDER_SHARE("train lines re-ordered", 0.599, Target.ABSOLUTE, Unit.SHARE),
    TRAIN_ORDERS_WITHOUT_REORDER("train orders with no re-order", 0.060, Target.ABSOLUTE, Unit.SHARE),
    DAYS_MEAN("days between orders: mean", 11.1, Target.ABSOLUTE, Unit.DECIMAL),
    DAYS_MEDIAN("days between orders: median", 7, Target.ABSOLUTE, Unit.DECIMAL),
    DAYS_AT_30("days between orders: share at 30", 0.115, Target.ABSOLUTE, Unit.SHARE),
    DAYS_AT_7("days between orders: share at 7", 0.100, Target.ABSOLUTE, Unit.SHARE),
    TRAIN_USER_SHARE("users whose last order is train", 131_209.0 / 206_209, Target.ABSOLUTE, Unit.SHARE),
    AISLES("aisles", 134, Target.ABSOLUTE, Unit.COUNT),
    DEPARTMENTS("departments", 21, Target.ABSOLUTE, Unit.COUNT),
    PRODUCTS("products", 49_688, Target.ABSOLUTE, Unit.COUNT);

    /** How a measured value is held against the published one. */
    public enum Target {
        /** The value itself is comparable whatever the data set's size. */
        ABSOLUTE,
        /** A total that grows with the users: compared per user, i.e. scaled to this directory's user count. */
        PER_USER,
        /** The size of the data set is a choice, not a property to match. */
        NOT_COMPARED
    }

    public enum Unit {
        COUNT,
        DECIMAL,
        SHARE
    }

    private final String label;
    private final double published;
    private final Target target;
    private final Unit unit;

    Statistic(String label, double published, Target target, Unit unit) {
        this.label = label;
        this.published = published;
        this.target = target;
        this.unit = unit;
    }

    public String label() {
        return label;
    }

    /** The published Instacart value. */
    public double published() {
        return published;
    }

    public Target target() {
        return target;
    }

    public Unit unit() {
        return unit;
    }
}
