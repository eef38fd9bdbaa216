package dev.replenish.sources.transactions;

/**
 * How to read a transactions export and what to leave out.
 *
 * @param columns             which columns hold what
 * @param format              the file kind; {@code auto} goes by the extension
 * @param delimiter           the field delimiter of a CSV/TSV file; null for the format's own (comma, tab)
 * @param encoding            the text encoding of a CSV/TSV file (utf-8, latin-1, utf-16)
 * @param sheet               the .xlsx sheet to read; null for the first
 * @param timeFormat          the time column's format; null to guess it from the values
 * @param basketWindowSeconds without an order column, a customer's lines this close together form one basket (0: the same timestamp)
 * @param cancelledPrefix     invoices starting with this are cancellations; null if the export has none
 * @param excludeProducts     a regular expression of product codes that are not products (postage, adjustments); null for none
 * @param memoryLimit         DuckDB's memory_limit (e.g. "4GB"); beyond it DuckDB spills to disk
 */
public record ImportSettings(TransactionColumns columns, String format, String delimiter, String encoding, String sheet,
                             String timeFormat, long basketWindowSeconds, String cancelledPrefix, String excludeProducts,
                             String memoryLimit) {

    /** Defaults for everything but the columns: the format by extension, UTF-8, times guessed, a basket per timestamp. */
    public static ImportSettings of(TransactionColumns columns) {
        return new ImportSettings(columns, "auto", null, "utf-8", null, null, 0, null, null, "2GB");
    }

    public ImportSettings withTimeFormat(String value) {
        return new ImportSettings(columns, format, delimiter, encoding, sheet, value, basketWindowSeconds, cancelledPrefix,
                excludeProducts, memoryLimit);
    }

    public ImportSettings withCancelledPrefix(String value) {
        return new ImportSettings(columns, format, delimiter, encoding, sheet, timeFormat, basketWindowSeconds, value,
                excludeProducts, memoryLimit);
    }

    public ImportSettings withExcludeProducts(String value) {
        return new ImportSettings(columns, format, delimiter, encoding, sheet, timeFormat, basketWindowSeconds, cancelledPrefix,
                value, memoryLimit);
    }

    public ImportSettings withBasketWindowSeconds(long value) {
        return new ImportSettings(columns, format, delimiter, encoding, sheet, timeFormat, value, cancelledPrefix,
                excludeProducts, memoryLimit);
    }
}
