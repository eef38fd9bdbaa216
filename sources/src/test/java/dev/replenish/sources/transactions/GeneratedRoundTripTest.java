package dev.replenish.sources.transactions;

import dev.replenish.sources.generate.GeneratedData;
import dev.replenish.sources.generate.TransactionsExport;
import dev.replenish.sources.instacart.InstacartFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Generated history, written as a transactions export and imported again, comes back as the same orders. */
class GeneratedRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedHistoryExportedAsTransactionsImportsBackToTheSameOrdersAndLines() throws Exception {
        // GIVEN 60 generated users, written as a transactions export (gzip)
        Path generated = GeneratedData.generate(dir.resolve("generated"), 60, 7, 2);
        Path export = dir.resolve("transactions.csv.gz");
        long rows = TransactionsExport.write(generated, export);

        // WHEN the export is imported with its invoice, quantity, names and categories
        Path imported = dir.resolve("imported");
        ImportReport report = TransactionImport.run(export, imported, ImportSettings.of(new TransactionColumns(
                "customer", "stock_code", "time", null, "invoice", "quantity", "description", "category", "subcategory")));

        // THEN every row is imported, none merged or rejected
        assertEquals(rows, report.rowsRead());
        assertEquals(rows, report.imported());
        assertEquals(0, report.merged() + report.rejectedTotal());
        // AND each customer's orders keep their order, sizes and reorder counts
        String lines = "(SELECT * FROM {order_products_prior} UNION ALL SELECT * FROM {order_products_train})";
        List<List<String>> original;
        try (InstacartFiles files = InstacartFiles.at(generated)) {
            // Only orders with lines travel in an export: the lineless test orders are numbered out.
            original = files.rows("SELECT 'C' || user_id, row_number() OVER (PARTITION BY user_id ORDER BY order_number),"
                    + " size, reordered FROM (SELECT o.user_id, o.order_number, count(*) AS size, sum(l.reordered) AS reordered"
                    + " FROM {orders} o JOIN " + lines + " l USING (order_id) GROUP BY 1, 2) ORDER BY 1, 2");
        }
        List<List<String>> back;
        String customerIds = imported.resolve(TransactionImport.CUSTOMER_IDS).toString().replace("'", "''");
        try (InstacartFiles files = InstacartFiles.at(imported)) {
            back = files.rows("SELECT m.source_customer_id, o.order_number, count(*), sum(l.reordered) FROM {orders} o"
                    + " JOIN " + lines + " l USING (order_id) JOIN read_csv('" + customerIds + "', header = true, all_varchar = true) m"
                    + " ON CAST(m.user_id AS BIGINT) = o.user_id GROUP BY 1, 2 ORDER BY 1, 2");
        }
        assertEquals(original, back);
    }
}
