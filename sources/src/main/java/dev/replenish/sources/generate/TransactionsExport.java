package dev.replenish.sources.generate;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.sources.SourceError;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Rewrites six generated Instacart files as a retailer's transactions export: one row per line
 * item with an invoice, a customer, a stock code, a description, a category and subcategory, a
 * quantity and a timestamp, in time order, as a till system writes them. It is the realistic input
 * that {@code import-transactions} is tested and benchmarked on: the import must give back the
 * same histories.
 *
 * <p>Timestamps: each customer starts on a day of 2023 set by their id, each order falls
 * days_since_prior_order days after the previous one, at its order_hour_of_day (never before the
 * customer's previous order), plus its order number in seconds. A gzip file is written when the
 * name ends in {@code .gz}.
 */
public final class TransactionsExport {

    /** The columns written, in order. */
    public static final String HEADER = "invoice,customer,stock_code,description,category,subcategory,quantity,time";

    private TransactionsExport() {
    }

    /** Writes the export of the six files in {@code sixFiles} to {@code file}; returns the rows written. */
    public static long write(Path sixFiles, Path file) {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
            String lines = "(SELECT * FROM " + csv(sixFiles, InstacartTable.ORDER_PRODUCTS_PRIOR)
                    + " UNION ALL SELECT * FROM " + csv(sixFiles, InstacartTable.ORDER_PRODUCTS_TRAIN) + ")";
            sql.execute("COPY (WITH timed AS (SELECT order_id, user_id, order_number, order_hour_of_day,"
                    + " user_id % 365 + SUM(COALESCE(days_since_prior_order, 0)) OVER"
                    + " (PARTITION BY user_id ORDER BY order_number) AS day FROM " + csv(sixFiles, InstacartTable.ORDERS) + "),"
                    + " clocked AS (SELECT *, TIMESTAMP '2023-01-01' + to_days(CAST(day AS INTEGER))"
                    + " + to_hours(CAST(COALESCE(order_hour_of_day, 12) AS BIGINT)) AS at_hour FROM timed),"
                    // Two orders on one day may have their hours the other way round: the running latest time, plus
                    // the order number in seconds, keeps each customer's times in order_number order.
                    + " stamped AS (SELECT *, max(at_hour) OVER (PARTITION BY user_id ORDER BY order_number"
                    + " ROWS UNBOUNDED PRECEDING) + to_seconds(CAST(order_number AS BIGINT)) AS ts FROM clocked)"
                    + " SELECT 'INV' || o.order_id AS invoice, 'C' || o.user_id AS customer, l.product_id AS stock_code,"
                    + " p.product_name AS description, d.department AS category, a.aisle AS subcategory, 1 AS quantity,"
                    + " strftime(o.ts, '%Y-%m-%d %H:%M:%S') AS time"
                    + " FROM stamped o JOIN " + lines + " l USING (order_id)"
                    + " JOIN " + csv(sixFiles, InstacartTable.PRODUCTS) + " p USING (product_id)"
                    + " JOIN " + csv(sixFiles, InstacartTable.AISLES) + " a USING (aisle_id)"
                    + " JOIN " + csv(sixFiles, InstacartTable.DEPARTMENTS) + " d USING (department_id)"
                    + " ORDER BY o.ts, o.order_id, l.add_to_cart_order)"
                    + " TO '" + literal(file.toAbsolutePath().toString()) + "' (HEADER, DELIMITER ',')");
            try (ResultSet count = sql.executeQuery("SELECT count(*) FROM " + lines)) {
                count.next();
                return count.getLong(1);
            }
        } catch (SQLException e) {
            throw new SourceError("cannot write " + file + " from " + sixFiles + ": " + e.getMessage(), e);
        }
    }

    private static String csv(Path dir, InstacartTable table) {
        return "read_csv('" + literal(dir.resolve(table.fileName()).toAbsolutePath().toString()) + "', header = true)";
    }

    private static String literal(String value) {
        return value.replace("'", "''");
    }
}
