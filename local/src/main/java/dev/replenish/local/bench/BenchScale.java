package dev.replenish.local.bench;

/** The three sizes the pipeline is benchmarked at; full is Instacart's own number of users. */
public enum BenchScale {
    SMALL(10_000),
    MEDIUM(50_000),
    FULL(206_209);

    private final int users;

    BenchScale(int users) {
        this.users = users;
    }

    public int users() {
        return users;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
