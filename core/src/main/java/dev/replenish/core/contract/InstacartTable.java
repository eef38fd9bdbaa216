package dev.replenish.core.contract;

import java.util.List;
import java.util.stream.Collectors;

import static dev.replenish.core.contract.Column.optional;
import static dev.replenish.core.contract.Column.required;
import static dev.replenish.core.contract.ColumnType.BIGINT;
import static dev.replenish.core.contract.ColumnType.DOUBLE;
import static dev.replenish.core.contract.ColumnType.INTEGER;
import static dev.replenish.core.contract.ColumnType.VARCHAR;

/**
 * The six files of the Instacart data set as Kaggle publishes them: the contract every source
 * (the generator, the basket importer, a retailer's export) writes and ingestion enforces.
 *
 * <p>Constants are declared in curation order: a table comes after the tables its rows refer to,
 * so curating in {@code values()} order can check references against curated rows.
 */
public enum InstacartTable {
    DEPARTMENTS("departments", "departments.csv", List.of(
            required("department_id", BIGINT),
            required("department", VARCHAR))),
    AISLES("aisles", "aisles.csv", List.of(
            required("aisle_id", BIGINT),
            required("aisle", VARCHAR))),
    PRODUCTS("products", "products.csv", List.of(
            required("product_id", BIGINT),
            required("product_name", VARCHAR),
            required("aisle_id", BIGINT),
            required("department_id", BIGINT))),
    // Timing columns are optional: days_since_prior_order is empty on a user's first order, and
    // sources without dates (TaFeng baskets) leave all three empty.
    ORDERS("orders", "orders.csv", List.of(
            required("order_id", BIGINT),
            required("user_id", BIGINT),
            required("eval_set", VARCHAR),
            required("order_number", INTEGER),
            optional("order_dow", INTEGER),
            optional("order_hour_of_day", INTEGER),
            optional("days_since_prior_order", DOUBLE))),
    ORDER_PRODUCTS_PRIOR("order_products_prior", "order_products__prior.csv", orderLineColumns()),
    ORDER_PRODUCTS_TRAIN("order_products_train", "order_products__train.csv", orderLineColumns());

    private final String tableName;
    private final String fileName;
    private final List<Column> columns;

    InstacartTable(String tableName, String fileName, List<Column> columns) {
        this.tableName = tableName;
        this.fileName = fileName;
        this.columns = columns;
    }

    private static List<Column> orderLineColumns() {
        return List.of(
                required("order_id", BIGINT),
                required("product_id", BIGINT),
                required("add_to_cart_order", INTEGER),
                required("reordered", INTEGER));
    }

    /** The table's name in the catalog and its folder under the lake prefixes. */
    public String tableName() {
        return tableName;
    }

    /** The file name Kaggle uses. */
    public String fileName() {
        return fileName;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).collect(Collectors.toList());
    }

    /** The header line exactly as the Kaggle file spells it. */
    public String headerLine() {
        return String.join(",", columnNames());
    }

    public static InstacartTable byTableName(String name) {
        for (InstacartTable table : values()) {
            if (table.tableName.equals(name)) {
                return table;
            }
        }
        throw new IllegalArgumentException("unknown table '" + name + "'; the contract has "
                + java.util.Arrays.stream(values()).map(InstacartTable::tableName).collect(Collectors.joining(", ")));
    }
}
