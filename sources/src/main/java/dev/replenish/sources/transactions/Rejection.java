package dev.replenish.sources.transactions;

/** Why an input row did not become an order line; each row gets the first reason that applies, in this order. */
public enum Rejection {
    NO_CUSTOMER("no customer"),
    NO_PRODUCT("no product"),
    UNPARSABLE_TIME("unparsable time"),
    CANCELLATION("cancellation"),
    EXCLUDED_CODE("excluded code"),
    RETURN("return"),
    /** The customer has fewer than two baskets: no history to learn from, no train order. */
    ONE_BASKET("user with one basket");

    private final String label;

    Rejection(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
