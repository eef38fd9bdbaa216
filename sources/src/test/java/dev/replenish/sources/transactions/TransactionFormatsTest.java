package dev.replenish.sources.transactions;

import dev.replenish.sources.instacart.InstacartFiles;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One small history, spelled in every time format and file kind the importer reads:
 * <pre>
 * customer a: p1 at Mon 2024-03-04 10:15, p2 at Thu 2024-03-07 12:15 (3 days later)
 * customer b: p1 at Mon 2024-03-04 10:15, p1 at Thu 2024-03-14 10:15 (10 days later)
 * </pre>
 * Whatever the spelling, the orders are the same: weekday 1 then 4 (0 = Sunday), the hour, and 3 and 10 days.
 */
class TransactionFormatsTest {

    static final LocalDateTime MONDAY = LocalDateTime.of(2024, 3, 4, 10, 15);
    static final List<Object[]> LINES = List.of(
            new Object[]{"a", "p1", MONDAY},
            new Object[]{"a", "p2", MONDAY.plusDays(3).plusHours(2)},
            new Object[]{"b", "p1", MONDAY},
            new Object[]{"b", "p1", MONDAY.plusDays(10)});
    static final List<List<String>> TIMED_ORDERS = List.of(
            List.of("1", "1", "prior", "1", "10", ""),
            List.of("1", "2", "train", "4", "12", "3.0"),
            List.of("2", "1", "prior", "1", "10", ""),
            List.of("2", "2", "train", "4", "10", "10.0"));
    static final TransactionColumns COLUMNS = new TransactionColumns("customer", "product", "time", null, null, null,
            null, null, null);

    @TempDir
    Path dir;

    static Stream<Arguments> spellings() {
        LocalDateTime excelEpoch = LocalDateTime.of(1899, 12, 30, 0, 0);
        Function<LocalDateTime, String> iso = time -> time.toString().replace('T', ' ') + ":00";
        Function<LocalDateTime, String> isoT = LocalDateTime::toString;
        Function<LocalDateTime, String> us = time -> time.getMonthValue() + "/" + time.getDayOfMonth() + "/" + time.getYear()
                + " " + time.getHour() + ":" + String.format("%02d", time.getMinute());
        Function<LocalDateTime, String> seconds = time -> String.valueOf(time.toEpochSecond(ZoneOffset.UTC));
        Function<LocalDateTime, String> millis = time -> String.valueOf(time.toEpochSecond(ZoneOffset.UTC) * 1000);
        Function<LocalDateTime, String> excel = time -> String.valueOf(Duration.between(excelEpoch, time).toMinutes() / 1440.0);
        return Stream.of(
                Arguments.of("ISO yyyy-MM-dd HH:mm:ss", iso, "iso"),
                Arguments.of("ISO with a T", isoT, "iso"),
                Arguments.of("M/d/yyyy H:mm", us, "M/d/yyyy H:mm"),
                Arguments.of("epoch seconds", seconds, "epoch-seconds"),
                Arguments.of("epoch milliseconds", millis, "epoch-millis"),
                Arguments.of("Excel serial days", excel, "excel"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spellings")
    void everyTimeSpellingIsRecognisedAndGivesTheSameOrders(String name, Function<LocalDateTime, String> spell,
                                                             String expectedFormat) throws Exception {
        // GIVEN the history with its times spelled one way, in a CSV file
        StringBuilder csv = new StringBuilder("customer,product,time\n");
        for (Object[] line : LINES) {
            csv.append(line[0]).append(',').append(line[1]).append(',').append(spell.apply((LocalDateTime) line[2])).append('\n');
        }
        Path input = Files.writeString(dir.resolve("lines.csv"), csv);

        // WHEN it is imported without naming the format
        Path out = dir.resolve("out");
        ImportReport report = TransactionImport.run(input, out, ImportSettings.of(COLUMNS));

        // THEN the format is recognised and the orders carry weekday, hour and days between orders
        assertEquals(expectedFormat, report.timeFormat());
        assertEquals(TIMED_ORDERS, orders(out));
    }

    @Test
    void aDateOnlyFormatGivesTheWeekdayButNoHour() throws Exception {
        // GIVEN the history with dates only (M/d/yyyy, as Ta-Feng's raw file writes them), tab-separated
        StringBuilder tsv = new StringBuilder("customer\tproduct\tday\n");
        for (Object[] line : LINES) {
            LocalDateTime time = (LocalDateTime) line[2];
            tsv.append(line[0]).append('\t').append(line[1]).append('\t')
                    .append(time.getMonthValue()).append('/').append(time.getDayOfMonth()).append('/').append(time.getYear()).append('\n');
        }
        Path input = Files.writeString(dir.resolve("lines.tsv"), tsv);

        // WHEN it is imported
        Path out = dir.resolve("out");
        ImportReport report = TransactionImport.run(input, out,
                ImportSettings.of(new TransactionColumns("customer", "product", "day", null, null, null, null, null, null)));

        // THEN the weekday and the days between orders come from the dates, and the hour stays empty
        assertEquals("M/d/yyyy", report.timeFormat());
        assertEquals(List.of(
                List.of("1", "1", "prior", "1", "", ""),
                List.of("1", "2", "train", "4", "", "3.0"),
                List.of("2", "1", "prior", "1", "", ""),
                List.of("2", "2", "train", "4", "", "10.0")), orders(out));
    }

    @Test
    void dayNumbersWithAClockTimeGiveDaysAndHoursButNoWeekday() throws Exception {
        // GIVEN Dunnhumby's shape: a day number with no calendar, a separate HHMM clock time, and a basket id
        Path input = Files.writeString(dir.resolve("transaction_data.csv"), """
                household_key,BASKET_ID,DAY,PRODUCT_ID,QUANTITY,TRANS_TIME
                2375,26984851472,1,1004906,1,1631
                2375,26984851472,1,1033142,1,1631
                2375,26984851516,8,1004906,1,0905
                1364,26984896261,1,842930,1,1520
                1364,26984896262,40,842930,2,1520
                """);

        // WHEN it is imported with --time-format day-number and --time-of-day
        Path out = dir.resolve("out");
        ImportReport report = TransactionImport.run(input, out, ImportSettings.of(new TransactionColumns(
                "household_key", "PRODUCT_ID", "DAY", "TRANS_TIME", "BASKET_ID", "QUANTITY", null, null, null))
                .withTimeFormat("day-number"));

        // THEN days between orders and hours are written, the weekday is left empty (day 1 has no known weekday)
        assertEquals(5, report.imported());
        assertEquals(List.of(
                List.of("1", "1", "prior", "", "15", ""),
                List.of("1", "2", "train", "", "15", "30.0"),
                List.of("2", "1", "prior", "", "16", ""),
                List.of("2", "2", "train", "", "9", "7.0")), orders(out));
    }

    @Test
    void anXlsxSheetWithDateCellsIsReadThroughTheStreamingReader() throws Exception {
        // GIVEN the history in an .xlsx workbook whose times are Excel date cells, on the second sheet
        Path input = dir.resolve("lines.xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream file = Files.newOutputStream(input)) {
            workbook.createSheet("notes").createRow(0).createCell(0).setCellValue("not this sheet");
            Sheet sheet = workbook.createSheet("Transactions");
            CellStyle dateTime = workbook.createCellStyle();
            dateTime.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy hh:mm"));
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("customer");
            header.createCell(1).setCellValue("product");
            header.createCell(2).setCellValue("time");
            int index = 1;
            for (Object[] line : LINES) {
                Row row = sheet.createRow(index++);
                row.createCell(0).setCellValue((String) line[0]);
                // Product codes as numbers, as spreadsheets keep them: written back as plain integers.
                row.createCell(1).setCellValue(Double.parseDouble(((String) line[1]).substring(1)) * 1_000_000);
                row.createCell(2).setCellValue((LocalDateTime) line[2]);
                row.getCell(2).setCellStyle(dateTime);
            }
            workbook.write(file);
        }

        // WHEN the sheet is imported
        Path out = dir.resolve("out");
        ImportReport report = TransactionImport.run(input, out, new ImportSettings(COLUMNS, "auto", null, "utf-8",
                "Transactions", null, 0, null, null, "1GB"));

        // THEN the date cells are times with their hour, and the numeric codes are the products' source ids
        assertEquals("iso", report.timeFormat());
        assertEquals(TIMED_ORDERS, orders(out));
        assertEquals(List.of("source_product_id,product_id", "1000000,1", "2000000,2"),
                Files.readAllLines(out.resolve(TransactionImport.PRODUCT_IDS)));
    }

    @Test
    void aParquetFileWithATimestampColumnIsRead() throws Exception {
        // GIVEN the history in a Parquet file with a real TIMESTAMP column, written by DuckDB
        Path input = dir.resolve("lines.parquet");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
            StringBuilder values = new StringBuilder();
            for (Object[] line : LINES) {
                values.append(values.length() == 0 ? "" : ", ").append("('").append(line[0]).append("', '").append(line[1])
                        .append("', TIMESTAMP '").append(line[2].toString().replace('T', ' ')).append("')");
            }
            sql.execute("COPY (SELECT * FROM (VALUES " + values + ") AS t(customer, product, time)) TO '"
                    + input.toString().replace("'", "''") + "' (FORMAT PARQUET)");
        }

        // WHEN it is imported
        Path out = dir.resolve("out");
        ImportReport report = TransactionImport.run(input, out, ImportSettings.of(COLUMNS));

        // THEN the timestamps give the same orders
        assertEquals(4, report.imported());
        assertEquals(TIMED_ORDERS, orders(out));
    }

    @Test
    void withoutAnOrderColumnABasketWindowJoinsACustomersLinesThatAreCloseTogether() throws Exception {
        // GIVEN a customer's lines at 10:00, 10:20 and 10:50, and again two days later (no basket id)
        Path input = Files.writeString(dir.resolve("lines.csv"), """
                customer,product,time
                a,p1,2024-03-04 10:00
                a,p2,2024-03-04 10:20
                a,p3,2024-03-04 10:50
                a,p1,2024-03-06 09:00
                """);

        // WHEN imported with the default window (the same timestamp) and with a 30-minute window
        Path exact = dir.resolve("exact");
        Path windowed = dir.resolve("windowed");
        TransactionImport.run(input, exact, ImportSettings.of(COLUMNS));
        TransactionImport.run(input, windowed, ImportSettings.of(COLUMNS).withBasketWindowSeconds(30 * 60));

        // THEN the same timestamp makes four one-line baskets; the window makes one basket of the first three lines
        try (InstacartFiles files = InstacartFiles.at(exact)) {
            assertEquals(4.0, files.number("SELECT count(*) FROM {orders}"));
        }
        try (InstacartFiles files = InstacartFiles.at(windowed)) {
            assertEquals(List.of(List.of("1", "3"), List.of("2", "1")), files.rows(
                    "SELECT o.order_number, count(*) FROM {orders} o JOIN (SELECT * FROM {order_products_prior} UNION ALL"
                            + " SELECT * FROM {order_products_train}) USING (order_id) GROUP BY 1 ORDER BY 1"));
        }
    }

    static List<List<String>> orders(Path out) throws Exception {
        try (InstacartFiles files = InstacartFiles.at(out)) {
            return files.rows("SELECT user_id, order_number, eval_set, COALESCE(CAST(order_dow AS VARCHAR), ''),"
                    + " COALESCE(CAST(order_hour_of_day AS VARCHAR), ''),"
                    + " COALESCE(CAST(days_since_prior_order AS VARCHAR), '') FROM {orders} ORDER BY 1, 2");
        }
    }
}
