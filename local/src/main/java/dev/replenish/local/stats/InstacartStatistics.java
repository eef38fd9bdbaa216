package dev.replenish.local.stats;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.local.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Measures the {@link Statistic}s of a directory holding the six Instacart files, with DuckDB
 * reading the CSVs directly (each file is read once; the order lines are reduced to one row per
 * order before anything else is computed). It measures, it does not validate: a value in a column
 * no statistic uses is not even parsed; checking every row is ingestion's job (the curate step).
 */
public final class InstacartStatistics {

    private InstacartStatistics() {
    }

    /** The statistics in {@link Statistic} order. Throws {@link UserError} naming the file that is missing or unreadable. */
    public static List<Measurement> measure(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new UserError(directory + ": no such directory");
        }
        for (InstacartTable table : InstacartTable.values()) {
            checkHeader(directory.resolve(table.fileName()), table);
        }
        Map<Statistic, OptionalDouble> values = new EnumMap<>(Statistic.class);
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
             Statement sql = duckdb.createStatement()) {
            sql.execute("SET threads = " + Runtime.getRuntime().availableProcessors());
            load(sql, directory, InstacartTable.ORDERS,
                    "CREATE TEMP TABLE orders AS SELECT user_id, eval_set, days_since_prior_order FROM %s");
            load(sql, directory, InstacartTable.ORDER_PRODUCTS_PRIOR,
                    "CREATE TEMP TABLE baskets AS SELECT 'prior' AS eval_set, order_id, count(*) AS lines,"
                            + " sum(reordered) AS reorders FROM %s GROUP BY order_id");
            load(sql, directory, InstacartTable.ORDER_PRODUCTS_TRAIN,
                    "INSERT INTO baskets SELECT 'train', order_id, count(*), sum(reordered) FROM %s GROUP BY order_id");
            for (InstacartTable catalog : List.of(InstacartTable.AISLES, InstacartTable.DEPARTMENTS, InstacartTable.PRODUCTS)) {
                load(sql, directory, catalog, "CREATE TEMP TABLE " + catalog.tableName() + " AS SELECT count(*) AS n FROM %s");
            }

            query(sql, values, "SELECT count(DISTINCT user_id), count(*) FROM orders",
                    Statistic.USERS, Statistic.ORDERS);
            query(sql, values, "SELECT avg(n), min(n), max(n) FROM (SELECT count(*) AS n FROM orders GROUP BY user_id)",
                    Statistic.ORDERS_PER_USER_MEAN, Statistic.ORDERS_PER_USER_MIN, Statistic.ORDERS_PER_USER_MAX);
            query(sql, values, "SELECT avg(lines), quantile_disc(lines, 0.5), max(lines) FROM baskets",
                    Statistic.BASKET_MEAN, Statistic.BASKET_MEDIAN, Statistic.BASKET_MAX);
            query(sql, values, "SELECT"
                            + " CAST(sum(reorders) FILTER (WHERE eval_set = 'prior') AS DOUBLE) / sum(lines) FILTER (WHERE eval_set = 'prior'),"
                            + " CAST(sum(reorders) FILTER (WHERE eval_set = 'train') AS DOUBLE) / sum(lines) FILTER (WHERE eval_set = 'train'),"
                            + " avg(CASE WHEN reorders = 0 THEN 1.0 ELSE 0.0 END) FILTER (WHERE eval_set = 'train')"
                            + " FROM baskets",
                    Statistic.PRIOR_REORDER_SHARE, Statistic.TRAIN_REORDER_SHARE, Statistic.TRAIN_ORDERS_WITHOUT_REORDER);
            query(sql, values, "SELECT avg(days_since_prior_order), median(days_since_prior_order),"
                            + " avg(CASE WHEN days_since_prior_order = 30 THEN 1.0 ELSE 0.0 END),"
                            + " avg(CASE WHEN days_since_prior_order = 7 THEN 1.0 ELSE 0.0 END)"
                            + " FROM orders WHERE days_since_prior_order IS NOT NULL",
                    Statistic.DAYS_MEAN, Statistic.DAYS_MEDIAN, Statistic.DAYS_AT_30, Statistic.DAYS_AT_7);
            query(sql, values, "SELECT CAST(count(*) FILTER (WHERE eval_set = 'train') AS DOUBLE)"
                            + " / nullif(count(*) FILTER (WHERE eval_set IN ('train', 'test')), 0) FROM orders",
                    Statistic.TRAIN_USER_SHARE);
            query(sql, values, "SELECT (SELECT n FROM aisles), (SELECT n FROM departments), (SELECT n FROM products)",
                    Statistic.AISLES, Statistic.DEPARTMENTS, Statistic.PRODUCTS);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB failed on data it had already read: " + e.getMessage(), e);
        }

        double users = values.get(Statistic.USERS).orElse(0);
        List<Measurement> measurements = new ArrayList<>();
        for (Statistic statistic : Statistic.values()) {
            OptionalDouble target = switch (statistic.target()) {
                case ABSOLUTE -> OptionalDouble.of(statistic.published());
                case PER_USER -> OptionalDouble.of(statistic.published() / Statistic.USERS.published() * users);
                case NOT_COMPARED -> OptionalDouble.empty();
            };
            measurements.add(new Measurement(statistic, values.get(statistic), target));
        }
        return measurements;
    }

    /** Reading a file with the wrong columns would give wrong numbers, not an error: check the header first. */
    private static void checkHeader(Path file, InstacartTable table) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": missing; an Instacart directory has "
                    + java.util.Arrays.stream(InstacartTable.values()).map(InstacartTable::fileName).collect(Collectors.joining(", ")));
        }
        String header;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            header = reader.readLine();
        } catch (IOException e) {
            throw new UserError(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        if (header == null) {
            throw new UserError(file + ": empty; expected the header " + table.headerLine());
        }
        header = header.replace("\uFEFF", "").strip();
        if (!header.equals(table.headerLine())) {
            throw new UserError(file + ": header is '" + header + "', expected '" + table.headerLine() + "'");
        }
    }

    private static void load(Statement sql, Path directory, InstacartTable table, String statement) {
        Path file = directory.resolve(table.fileName());
        try {
            sql.execute(String.format(statement, readCsv(file, table)));
        } catch (SQLException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new UserError(file + ": cannot be read as the Kaggle " + table.fileName() + " (" + reason + ")", e);
        }
    }

    /** DuckDB's CSV reader with the contract's columns and types (the header was checked already). */
    private static String readCsv(Path file, InstacartTable table) {
        String columns = table.columns().stream()
                .map(column -> quote(column.name()) + ": " + quote(column.type().name()))
                .collect(Collectors.joining(", "));
        return "read_csv(" + quote(file.toAbsolutePath().toString())
                + ", header = true, delim = ',', quote = '\"', escape = '\"', columns = {" + columns + "})";
    }

    private static String quote(String literal) {
        return "'" + literal.replace("'", "''") + "'";
    }

    private static void query(Statement sql, Map<Statistic, OptionalDouble> values, String query, Statistic... statistics)
            throws SQLException {
        try (ResultSet row = sql.executeQuery(query)) {
            row.next();
            for (int i = 0; i < statistics.length; i++) {
                double value = row.getDouble(i + 1);
                values.put(statistics[i], row.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value));
            }
        }
    }
}
