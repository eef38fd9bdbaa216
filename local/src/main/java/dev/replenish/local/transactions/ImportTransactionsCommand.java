package dev.replenish.local.transactions;

import dev.replenish.local.UserError;
import dev.replenish.local.sql.DuckDbSettings;
import dev.replenish.sources.transactions.ImportReport;
import dev.replenish.sources.transactions.ImportSettings;
import dev.replenish.sources.transactions.TransactionColumns;
import dev.replenish.sources.transactions.TransactionImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "import-transactions", mixinStandardHelpOptions = true,
        description = {"Turn a retailer's transactions export (one row per line item; CSV, TSV, .csv.gz, Parquet or .xlsx)",
                "into the six Instacart CSV files, plus customer_ids.csv, product_ids.csv and import-report.json.",
                "Each customer's last basket is their train order; customers with one basket are left out.",
                "The report accounts for every row: imported, merged (same product twice in a basket) or rejected by reason."})
public final class ImportTransactionsCommand implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)?");

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "The transactions export.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the files into (created if missing).")
    Path out;

    @Option(names = "--customer", required = true, paramLabel = "COL", description = "Column of the customer id.")
    String customer;

    @Option(names = "--product", required = true, paramLabel = "COL", description = "Column of the product id (SKU, stock code).")
    String product;

    @Option(names = "--time", required = true, paramLabel = "COL",
            description = "Column of the purchase time: ISO dates and date-times, M/d/yyyy H:mm, Excel date cells, epoch seconds or milliseconds.")
    String time;

    @Option(names = "--time-format", paramLabel = "FORMAT",
            description = "Overrides the guess: iso, iso-date, M/d/yyyy H:mm, M/d/yyyy, d/M/yyyy H:mm, d/M/yyyy, epoch-seconds,"
                    + " epoch-millis, excel, day-number (a day count with no calendar), or a strptime pattern such as %d.%m.%Y %H:%M.")
    String timeFormat;

    @Option(names = "--time-of-day", paramLabel = "COL", description = "Column of a separate clock time, HHMM or HH:MM (Dunnhumby's TRANS_TIME).")
    String timeOfDay;

    @Option(names = "--order", paramLabel = "COL", description = "Column of the basket or invoice id. Without it a basket is a customer's lines within --basket-window.")
    String order;

    @Option(names = "--basket-window", paramLabel = "DURATION", defaultValue = "0",
            description = "Without --order: lines of a customer no further apart than this (e.g. 30m, 2h, 1d) form one basket; 0 (default): the same timestamp.")
    String basketWindow;

    @Option(names = "--quantity", paramLabel = "COL", description = "Column of the quantity; lines with quantity <= 0 are returns.")
    String quantity;

    @Option(names = "--cancelled-prefix", paramLabel = "P", description = "Invoices (--order) starting with P are cancellations.")
    String cancelledPrefix;

    @Option(names = "--exclude-products", paramLabel = "REGEX", description = "Product codes matching REGEX (whole code) are not products: postage, adjustments.")
    String excludeProducts;

    @Option(names = "--product-name", paramLabel = "COL", description = "Column of the product name (default: 'item <id>').")
    String productName;

    @Option(names = "--category", paramLabel = "COL", description = "Column of the category: the department (default: unknown).")
    String category;

    @Option(names = "--subcategory", paramLabel = "COL", description = "Column of the subcategory: the aisle (default: unknown).")
    String subcategory;

    @Option(names = "--format", defaultValue = "auto", description = "auto (by extension), csv, tsv, parquet or xlsx.")
    String format;

    @Option(names = "--delimiter", description = "Field delimiter of a CSV file (default: comma; tab for tsv).")
    String delimiter;

    @Option(names = "--encoding", defaultValue = "utf-8", description = "Text encoding of a CSV file: utf-8 (default), latin-1 or utf-16.")
    String encoding;

    @Option(names = "--sheet", description = "Sheet of an .xlsx workbook (default: the first).")
    String sheet;

    @Override
    public Integer call() {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a file, not a directory");
        }
        TransactionColumns columns = new TransactionColumns(customer, product, time, timeOfDay, order, quantity,
                productName, category, subcategory);
        ImportSettings settings = new ImportSettings(columns, format, delimiter, encoding, sheet, timeFormat,
                seconds(basketWindow), cancelledPrefix, excludeProducts, DuckDbSettings.forThisMachine().memoryLimit());
        long started = System.nanoTime();
        ImportReport report = TransactionImport.run(input, out, settings);
        PrintWriter print = spec.commandLine().getOut();
        print.printf("imported %s into %s in %.1f s%n", input, out, (System.nanoTime() - started) / 1e9);
        report.table().forEach(print::println);
        print.printf("  report: %s; ids: %s, %s%n", out.resolve(ImportReport.FILE_NAME),
                out.resolve(TransactionImport.CUSTOMER_IDS), out.resolve(TransactionImport.PRODUCT_IDS));
        return 0;
    }

    /** A duration such as 90, 30m, 2h or 1d, in seconds. */
    static long seconds(String duration) {
        Matcher match = DURATION.matcher(duration.trim());
        if (!match.matches()) {
            throw new UserError("--basket-window " + duration + " is not a duration such as 0, 90s, 30m, 2h or 1d");
        }
        long value = Long.parseLong(match.group(1));
        String unit = match.group(2) == null ? "s" : match.group(2);
        switch (unit) {
            case "m":
                return value * 60;
            case "h":
                return value * 3600;
            case "d":
                return value * 86400;
            default:
                return value;
        }
    }
}
