package dev.replenish.sources.transactions;

import dev.replenish.sources.SourceError;
import dev.replenish.sources.instacart.InstacartRows;
import dev.replenish.sources.instacart.OrderHistoryWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A retailer's transactions export (one row per line item) into the six Instacart files.
 *
 * <p>DuckDB does the heavy work: it reads the file with every column as text, parses the times,
 * classifies each row (kept, or rejected with the first reason that applies), groups lines into
 * baskets, numbers users, orders and products, and sorts the lines. Java then streams the sorted
 * lines into the {@link OrderHistoryWriter} every importer writes through. Next to the six files go
 * {@code customer_ids.csv} and {@code product_ids.csv} (source id to Instacart id) and the
 * {@link ImportReport}.
 *
 * <p>Rules: a basket is an order id (per customer), or without one a customer's lines within the
 * basket window; a product twice in a basket is one line (the first position kept); a user with
 * fewer than two baskets is left out (no history, no train order); the last basket is the train
 * order; days_since_prior_order is the calendar days between the orders' dates, capped at 30 as
 * Instacart caps it.
 */
public final class TransactionImport {

    /** Users need a prior and a train order. */
    static final int MIN_BASKETS = 2;
    /** Instacart caps days_since_prior_order at 30. */
    static final int MAX_DAYS_SINCE_PRIOR = 30;
    /** Values sampled to guess the time format. */
    static final int TIME_SAMPLE = 1000;
    /** Rows named in the report whose time did not parse. */
    static final int BAD_TIMES_NAMED = 5;
    static final String UNKNOWN = "unknown";
    /** Any fixed key: the import is deterministic. */
    static final long ORDER_ID_KEY = 0x7AF3;
    public static final String CUSTOMER_IDS = "customer_ids.csv";
    public static final String PRODUCT_IDS = "product_ids.csv";

    private final Path input;
    private final ImportSettings settings;
    private final InputFormat format;

    private TransactionImport(Path input, ImportSettings settings) {
        this.input = input;
        this.settings = settings;
        this.format = InputFormat.of(settings.format(), input);
    }

    /** Imports the file into the directory (created if missing) and returns the report, also written there as JSON. */
    public static ImportReport run(Path input, Path out, ImportSettings settings) {
        return new TransactionImport(input, settings).into(out);
    }

    private ImportReport into(Path out) {
        checkReadable();
        checkOptions();
        Path scratch = null;
        try {
            Files.createDirectories(out);
            scratch = Files.createTempDirectory(out, ".import-");
            // Streamed results: the sorted lines reach Java chunk by chunk, never all at once.
            Properties streamed = new Properties();
            streamed.setProperty("jdbc_stream_results", "true");
            try (Connection db = DriverManager.getConnection("jdbc:duckdb:", streamed);
                 Statement sql = db.createStatement()) {
                sql.execute("SET memory_limit = '" + settings.memoryLimit() + "'");
                sql.execute("SET temp_directory = '" + literal(scratch.toString()) + "'");
                return importWith(sql, out, scratch);
            }
        } catch (SQLException e) {
            throw new SourceError(input + ": " + firstLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new SourceError("cannot write into " + out + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(scratch);
        }
    }

    private void checkReadable() {
        try {
            if (Files.size(input) == 0) {
                throw new SourceError(input + ": empty file; expected a header row and one row per line item");
            }
        } catch (NoSuchFileException e) {
            throw new SourceError(input + ": no such file");
        } catch (IOException e) {
            throw new SourceError(input + ": cannot be read (" + e.getMessage() + ")");
        }
        if (!Files.isReadable(input) || Files.isDirectory(input)) {
            throw new SourceError(input + ": cannot be read");
        }
    }

    private void checkOptions() {
        if (settings.cancelledPrefix() != null && settings.columns().order() == null) {
            throw new SourceError("--cancelled-prefix needs --order: cancellations are recognised by their invoice id");
        }
        if (settings.excludeProducts() != null) {
            try {
                Pattern.compile(settings.excludeProducts());
            } catch (PatternSyntaxException e) {
                throw new SourceError("--exclude-products " + settings.excludeProducts() + " is not a regular expression: "
                        + firstLine(e.getMessage()));
            }
        }
        if (settings.basketWindowSeconds() < 0) {
            throw new SourceError("--basket-window must not be negative");
        }
    }

    private ImportReport importWith(Statement sql, Path out, Path scratch) throws SQLException, IOException {
        String reader = reader(scratch);
        Map<String, String> columns = mappedColumns(sql, reader);
        String source = "SELECT "
                + text(columns, "--customer") + " AS customer, "
                + text(columns, "--product") + " AS product, "
                + text(columns, "--time") + " AS time_text, "
                + text(columns, "--time-of-day") + " AS time_of_day, "
                + text(columns, "--order") + " AS order_id, "
                + text(columns, "--quantity") + " AS quantity, "
                + text(columns, "--product-name") + " AS name, "
                + text(columns, "--category") + " AS category, "
                + text(columns, "--subcategory") + " AS subcategory "
                + "FROM " + reader;
        TimeFormat time = timeFormat(sql, source, columns.get("--time"));
        boolean hasHour = time.hasHour() || settings.columns().timeOfDay() != null;

        // One pass over the file: read, parse the time, classify. The table keeps the file's order, so
        // rowid + 1 is the row's number in the file (the header not counted).
        sql.execute("CREATE TEMP TABLE classified AS SELECT *, CASE"
                + " WHEN customer IS NULL THEN '" + Rejection.NO_CUSTOMER + "'"
                + " WHEN product IS NULL THEN '" + Rejection.NO_PRODUCT + "'"
                + " WHEN ts IS NULL THEN '" + Rejection.UNPARSABLE_TIME + "'"
                + (settings.cancelledPrefix() == null ? ""
                : " WHEN starts_with(order_id, '" + literal(settings.cancelledPrefix()) + "') THEN '" + Rejection.CANCELLATION + "'")
                + (settings.excludeProducts() == null ? ""
                : " WHEN regexp_full_match(product, '" + literal(settings.excludeProducts()) + "') THEN '" + Rejection.EXCLUDED_CODE + "'")
                + " WHEN TRY_CAST(quantity AS DOUBLE) <= 0 THEN '" + Rejection.RETURN + "'"
                + " END AS rejection FROM (SELECT *, " + timestamp(time) + " AS ts FROM (" + source + "))");
        long rowsRead = count(sql, "SELECT count(*) FROM classified");
        if (rowsRead == 0) {
            throw new SourceError(input + ": no rows after the header");
        }
        List<String> badTimes = badTimes(sql, time);
        long timed = count(sql, "SELECT count(*) FROM classified WHERE ts IS NOT NULL");
        if (timed == 0) {
            throw new SourceError(input + ": no time in column '" + columns.get("--time") + "' parses as " + time.name()
                    + (badTimes.isEmpty() ? "" : "; " + badTimes.get(0)) + "; say --time-format");
        }

        sql.execute("CREATE TEMP TABLE valid AS SELECT customer, product, name, category, subcategory, row_no, ts, "
                + basketKey() + " AS basket FROM " + validRows(settings.basketWindowSeconds()));
        sql.execute("CREATE TEMP TABLE baskets AS SELECT customer, basket, min(ts) AS basket_ts, min(row_no) AS first_row"
                + " FROM valid GROUP BY customer, basket");
        sql.execute("CREATE TEMP TABLE users AS SELECT customer,"
                + " row_number() OVER (ORDER BY TRY_CAST(customer AS BIGINT) NULLS LAST, customer) AS user_id"
                + " FROM baskets GROUP BY customer HAVING count(*) >= " + MIN_BASKETS);
        sql.execute("CREATE TEMP TABLE order_lines AS SELECT customer, basket, product, min(row_no) AS first_row,"
                + " count(*) AS copies, min(name) AS name, min(category) AS category, min(subcategory) AS subcategory"
                + " FROM valid SEMI JOIN users USING (customer) GROUP BY customer, basket, product");
        sql.execute("CREATE TEMP TABLE products AS SELECT product,"
                + " row_number() OVER (ORDER BY TRY_CAST(product AS BIGINT) NULLS LAST, product) AS product_id,"
                + " COALESCE(min(name), 'item ' || product) AS name,"
                + " COALESCE(min(category), '" + UNKNOWN + "') AS department,"
                + " COALESCE(min(subcategory), '" + UNKNOWN + "') AS aisle FROM order_lines GROUP BY product");
        sql.execute("CREATE TEMP TABLE departments AS SELECT department, row_number() OVER (ORDER BY department) AS department_id"
                + " FROM products GROUP BY department");
        sql.execute("CREATE TEMP TABLE aisles AS SELECT aisle, row_number() OVER (ORDER BY aisle) AS aisle_id"
                + " FROM products GROUP BY aisle");
        // LEAST would ignore the NULL of a first order: the cap is spelled out.
        sql.execute("CREATE TEMP TABLE orders AS SELECT customer, basket, user_id, order_number, dow, hour,"
                + " CASE WHEN elapsed_days > " + MAX_DAYS_SINCE_PRIOR + " THEN " + MAX_DAYS_SINCE_PRIOR
                + " ELSE elapsed_days END AS days FROM (SELECT customer, basket, user_id,"
                + " row_number() OVER (PARTITION BY customer ORDER BY basket_ts, first_row) AS order_number,"
                + (time.calendar() ? " dayofweek(basket_ts)" : " NULL") + " AS dow,"
                + (hasHour ? " hour(basket_ts)" : " NULL") + " AS hour,"
                // Calendar days between the orders' dates: Monday evening to the next Monday morning is 7 days.
                + " date_diff('day', CAST(lag(basket_ts) OVER (PARTITION BY customer ORDER BY basket_ts, first_row) AS DATE),"
                + " CAST(basket_ts AS DATE)) AS elapsed_days"
                + " FROM baskets JOIN users USING (customer))");

        Map<Rejection, Long> rejected = new EnumMap<>(Rejection.class);
        for (Rejection reason : Rejection.values()) {
            rejected.put(reason, 0L);
        }
        try (ResultSet rows = sql.executeQuery("SELECT rejection, count(*) FROM classified WHERE rejection IS NOT NULL GROUP BY ALL")) {
            while (rows.next()) {
                rejected.put(Rejection.valueOf(rows.getString(1)), rows.getLong(2));
            }
        }
        long validRows = count(sql, "SELECT count(*) FROM valid");
        long keptRows = count(sql, "SELECT COALESCE(sum(copies), 0) FROM order_lines");
        long lines = count(sql, "SELECT count(*) FROM order_lines");
        rejected.put(Rejection.ONE_BASKET, validRows - keptRows);

        OrderHistoryWriter.Written written = writeSixFiles(sql, out);
        sql.execute("COPY (SELECT customer AS source_customer_id, user_id FROM users ORDER BY user_id) TO '"
                + literal(out.resolve(CUSTOMER_IDS).toString()) + "' (HEADER, DELIMITER ',')");
        sql.execute("COPY (SELECT product AS source_product_id, product_id FROM products ORDER BY product_id) TO '"
                + literal(out.resolve(PRODUCT_IDS).toString()) + "' (HEADER, DELIMITER ',')");

        ImportReport report = new ImportReport(input.toString(), time.name(), rowsRead, lines, keptRows - lines, rejected,
                badTimes, count(sql, "SELECT count(*) FROM users"), written.priorOrders(), written.trainOrders(),
                count(sql, "SELECT count(*) FROM products"), written.reorderedLines(), time.calendar(), hasHour);
        if (!report.accountsForEveryRow()) {
            throw new IllegalStateException("import report does not add up: " + report);
        }
        report.writeTo(out.resolve(ImportReport.FILE_NAME));
        return report;
    }

    /** Streams the users' sorted lines into the writer every importer shares. */
    private OrderHistoryWriter.Written writeSixFiles(Statement sql, Path out) throws SQLException {
        long orderCount = count(sql, "SELECT count(*) FROM orders");
        try (OrderHistoryWriter writer = new OrderHistoryWriter(out, orderCount, ORDER_ID_KEY)) {
            InstacartRows catalog = writer.rows();
            try (ResultSet rows = sql.executeQuery("SELECT department_id, department FROM departments ORDER BY 1")) {
                while (rows.next()) {
                    catalog.department(rows.getLong(1), rows.getString(2));
                }
            }
            try (ResultSet rows = sql.executeQuery("SELECT aisle_id, aisle FROM aisles ORDER BY 1")) {
                while (rows.next()) {
                    catalog.aisle(rows.getLong(1), rows.getString(2));
                }
            }
            try (ResultSet rows = sql.executeQuery("SELECT product_id, name, aisle_id, department_id FROM products"
                    + " JOIN aisles USING (aisle) JOIN departments USING (department) ORDER BY 1")) {
                while (rows.next()) {
                    catalog.product(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getLong(4));
                }
            }
            try (ResultSet rows = sql.executeQuery("SELECT o.user_id, o.order_number, o.dow, o.hour, o.days, p.product_id"
                    + " FROM order_lines l JOIN orders o USING (customer, basket) JOIN products p USING (product)"
                    + " ORDER BY o.user_id, o.order_number, l.first_row")) {
                UserOrders user = new UserOrders(writer);
                while (rows.next()) {
                    user.line(rows.getLong(1), rows.getInt(2), intOr(rows, 3, InstacartRows.NOT_KNOWN),
                            intOr(rows, 4, InstacartRows.NOT_KNOWN), intOr(rows, 5, InstacartRows.FIRST_ORDER), rows.getLong(6));
                }
                user.finish();
            }
            return writer.written();
        }
    }

    /** Collects one user's lines (sorted by order and position) into orders and hands them to the writer. */
    private static final class UserOrders {
        private final OrderHistoryWriter writer;
        private final List<OrderHistoryWriter.Order> orders = new ArrayList<>();
        private final List<Long> products = new ArrayList<>();
        private long userId = -1;
        private int orderNumber = -1;
        private int dow;
        private int hour;
        private int days;

        UserOrders(OrderHistoryWriter writer) {
            this.writer = writer;
        }

        void line(long user, int order, int orderDow, int orderHour, int daysSincePrior, long productId) {
            if (user != userId || order != orderNumber) {
                endOrder();
                if (user != userId) {
                    finish();
                    userId = user;
                }
                orderNumber = order;
                dow = orderDow;
                hour = orderHour;
                days = daysSincePrior;
            }
            products.add(productId);
        }

        private void endOrder() {
            if (!products.isEmpty()) {
                orders.add(new OrderHistoryWriter.Order(products.stream().mapToLong(Long::longValue).toArray(), dow, hour, days));
                products.clear();
            }
        }

        void finish() {
            endOrder();
            if (!orders.isEmpty()) {
                writer.user(userId, orders);
                orders.clear();
            }
        }
    }

    private static int intOr(ResultSet rows, int column, int missing) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? missing : value;
    }

    /** The table function that reads the file, every column as text. */
    private String reader(Path scratch) {
        String path = literal(input.toAbsolutePath().toString());
        switch (format) {
            case PARQUET:
                return "read_parquet('" + path + "')";
            case XLSX: {
                Path csv = scratch.resolve("sheet.csv");
                XlsxSheet.toCsv(input, settings.sheet(), csv);
                return csvReader(literal(csv.toString()), ",", "utf-8");
            }
            default: {
                String delimiter = settings.delimiter() != null ? settings.delimiter() : format == InputFormat.TSV ? "\t" : ",";
                return csvReader(path, delimiter, settings.encoding());
            }
        }
    }

    private static String csvReader(String path, String delimiter, String encoding) {
        return "read_csv('" + path + "', header = true, all_varchar = true, delim = '" + literal(delimiter)
                + "', quote = '\"', escape = '\"', encoding = '" + literal(encoding.toLowerCase(Locale.ROOT)) + "')";
    }

    /** The mapped columns by option, checked against the file's header: a missing one is named with those found. */
    private Map<String, String> mappedColumns(Statement sql, String reader) throws SQLException {
        List<String> found = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery("DESCRIBE SELECT * FROM " + reader)) {
            while (rows.next()) {
                found.add(rows.getString(1));
            }
        }
        Map<String, String> mapped = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> option : settings.columns().byOption().entrySet()) {
            String wanted = option.getValue();
            String match = found.contains(wanted) ? wanted
                    : found.stream().filter(name -> name.equalsIgnoreCase(wanted.trim())).findFirst().orElse(null);
            if (match == null) {
                throw new SourceError(input + ": no column '" + wanted + "' (" + option.getKey() + "); columns found: "
                        + String.join(", ", found));
            }
            mapped.put(option.getKey(), match);
        }
        return mapped;
    }

    /** The column as trimmed text, NULL when empty; NULL when the option was not given. */
    private static String text(Map<String, String> columns, String option) {
        String column = columns.get(option);
        if (column == null) {
            return "CAST(NULL AS VARCHAR)";
        }
        return "NULLIF(TRIM(CAST(\"" + column.replace("\"", "\"\"") + "\" AS VARCHAR)), '')";
    }

    /** The time format: the one named, or the one most sampled values have. */
    private TimeFormat timeFormat(Statement sql, String source, String column) throws SQLException {
        if (settings.timeFormat() != null) {
            return TimeFormat.named(settings.timeFormat());
        }
        List<String> sample = new ArrayList<>();
        // The first values of the file: reading them needs no pass over the whole file.
        try (ResultSet rows = sql.executeQuery("SELECT time_text FROM (" + source + ") WHERE time_text IS NOT NULL LIMIT "
                + TIME_SAMPLE)) {
            while (rows.next()) {
                sample.add(rows.getString(1));
            }
        }
        if (sample.isEmpty()) {
            if (count(sql, "SELECT count(*) FROM (SELECT 1 FROM (" + source + ") LIMIT 1)") == 0) {
                throw new SourceError(input + ": no rows after the header");
            }
            throw new SourceError(input + ": column '" + column + "' (--time) is empty in every row");
        }
        TimeFormat guessed = TimeFormat.guess(sample);
        if (guessed == null) {
            throw new SourceError(input + ": column '" + column + "' (--time): '" + sample.get(0) + "' is not a time this"
                    + " import recognises (ISO date or date-time, M/d/yyyy H:mm, epoch seconds or milliseconds, Excel dates);"
                    + " say --time-format");
        }
        return guessed;
    }

    /** The timestamp of a line: the time column in its format, plus the separate clock time when there is one. */
    private String timestamp(TimeFormat time) {
        String day = time.sqlOf("time_text");
        if (settings.columns().timeOfDay() == null) {
            return day;
        }
        // HHMM (Dunnhumby's TRANS_TIME, "0915" or "915") or HH:MM[:SS].
        String minutes = "CASE WHEN contains(time_of_day, ':')"
                + " THEN TRY_CAST(split_part(time_of_day, ':', 1) AS INTEGER) * 60 + TRY_CAST(split_part(time_of_day, ':', 2) AS INTEGER)"
                + " ELSE TRY_CAST(time_of_day AS INTEGER) // 100 * 60 + TRY_CAST(time_of_day AS INTEGER) % 100 END";
        return "(" + day + ") + to_minutes(CAST(" + minutes + " AS BIGINT))";
    }

    /** The first rows whose time did not parse, each naming the row, the value and the expected format. */
    private List<String> badTimes(Statement sql, TimeFormat time) throws SQLException {
        List<String> named = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery("SELECT rowid + 1 AS row_no, time_text, time_of_day FROM classified WHERE rejection = '"
                + Rejection.UNPARSABLE_TIME + "' ORDER BY row_no LIMIT " + BAD_TIMES_NAMED)) {
            while (rows.next()) {
                String value = rows.getString(2);
                String clock = rows.getString(3);
                named.add("row " + rows.getLong(1) + ": time " + (value == null ? "is empty"
                        : "'" + value + "'" + (clock == null ? "" : " at '" + clock + "'") + " is not " + time.name()
                        + (settings.columns().timeOfDay() == null ? "" : " with an HHMM time of day")));
            }
        }
        return named;
    }

    /** The rows no reason rejects; with a basket window, each with the customer's previous line's time. */
    private static String validRows(long basketWindowSeconds) {
        if (basketWindowSeconds == 0) {
            return "(SELECT *, rowid + 1 AS row_no FROM classified WHERE rejection IS NULL)";
        }
        return "(SELECT *, lag(ts) OVER (PARTITION BY customer ORDER BY ts, row_no) AS previous"
                + " FROM (SELECT *, rowid + 1 AS row_no FROM classified WHERE rejection IS NULL))";
    }

    /** What makes two lines of a customer one basket: the order id, the same timestamp, or the basket window. */
    private String basketKey() {
        if (settings.columns().order() != null) {
            return "COALESCE(order_id, 'at ' || CAST(ts AS VARCHAR))";
        }
        if (settings.basketWindowSeconds() == 0) {
            return "CAST(ts AS VARCHAR)";
        }
        // A new basket starts after a gap longer than the window since the customer's previous line.
        return "CAST(SUM(CASE WHEN previous IS NULL OR epoch(ts) - epoch(previous) > " + settings.basketWindowSeconds()
                + " THEN 1 ELSE 0 END) OVER (PARTITION BY customer ORDER BY ts, row_no ROWS UNBOUNDED PRECEDING) AS VARCHAR)";
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String literal(String value) {
        return value.replace("'", "''");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "cannot be read";
        }
        String line = message.strip().lines().findFirst().orElse(message);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A scratch folder left behind is harmless; the import's outcome is what matters.
        }
    }
}
