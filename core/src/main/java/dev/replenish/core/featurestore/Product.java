package dev.replenish.core.featurestore;

/** A product catalog entry, as the API shows it. */
public record Product(long productId, String name, String aisle, String department) {
}
