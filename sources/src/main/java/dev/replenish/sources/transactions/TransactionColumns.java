package dev.replenish.sources.transactions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which of the export's columns hold what. Customer, product and time are required; the others
 * may be null.
 *
 * @param customer    the customer (card, household, user) id
 * @param product     the product (SKU, stock code, item) id
 * @param time        when the line was bought
 * @param timeOfDay   a separate clock time (HHMM or HH:MM[:SS]) for sources that keep it apart from the day
 * @param order       the basket or invoice id; without it a basket is a customer's lines within the basket window
 * @param quantity    lines with a quantity of 0 or less are returns
 * @param productName the product's name
 * @param category    the product's category: the department
 * @param subcategory the product's subcategory: the aisle
 */
public record TransactionColumns(String customer, String product, String time, String timeOfDay, String order,
                                 String quantity, String productName, String category, String subcategory) {

    /** The mapped columns by the option that names them, in the order the options are listed. */
    Map<String, String> byOption() {
        Map<String, String> named = new LinkedHashMap<>();
        named.put("--customer", customer);
        named.put("--product", product);
        named.put("--time", time);
        named.put("--time-of-day", timeOfDay);
        named.put("--order", order);
        named.put("--quantity", quantity);
        named.put("--product-name", productName);
        named.put("--category", category);
        named.put("--subcategory", subcategory);
        named.values().removeIf(java.util.Objects::isNull);
        return named;
    }
}
