package dev.replenish.sources.transactions;

import dev.replenish.sources.SourceError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file the importer cannot use gets one line saying what is wrong and where, never a stack trace. */
class TransactionImportErrorsTest {

    static final TransactionColumns COLUMNS = new TransactionColumns("customer", "product", "time", null, null, null,
            null, null, null);

    @TempDir
    Path dir;

    private String failure(Path input, ImportSettings settings) {
        SourceError error = assertThrows(SourceError.class, () -> TransactionImport.run(input, dir.resolve("out"), settings));
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
        return error.getMessage();
    }

    @Test
    void aMissingColumnIsNamedWithTheColumnsFound() throws Exception {
        // GIVEN a file whose customer column is called "client"
        Path input = Files.writeString(dir.resolve("lines.csv"), "client,product,time\na,p1,2024-03-04\n");

        // WHEN / THEN the import names the missing column, its option and the columns there are
        assertEquals(input + ": no column 'customer' (--customer); columns found: client, product, time",
                failure(input, ImportSettings.of(COLUMNS)));
    }

    @Test
    void columnsMatchWhateverTheirCase() throws Exception {
        // GIVEN a file whose header is in capitals
        Path input = Files.writeString(dir.resolve("lines.csv"), "CUSTOMER,PRODUCT,TIME\na,p1,2024-03-04\na,p2,2024-03-05\n");

        // WHEN it is imported with lower-case column names
        ImportReport report = TransactionImport.run(input, dir.resolve("out"), ImportSettings.of(COLUMNS));

        // THEN the columns are found
        assertEquals(2, report.imported());
    }

    @Test
    void anEmptyFileAHeaderAloneAndAMissingFileEachGetOneLine() throws Exception {
        // GIVEN an empty file, a file with only a header, and a path with no file
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Path header = Files.writeString(dir.resolve("header.csv"), "customer,product,time\n");
        Path missing = dir.resolve("missing.csv");

        // WHEN / THEN each is named with what is wrong
        assertTrue(failure(empty, ImportSettings.of(COLUMNS)).endsWith("empty.csv: empty file; expected a header row and one row per line item"));
        assertTrue(failure(header, ImportSettings.of(COLUMNS)).endsWith("header.csv: no rows after the header"));
        assertTrue(failure(missing, ImportSettings.of(COLUMNS)).endsWith("missing.csv: no such file"));
    }

    @Test
    void aFileThatIsNotWhatItsNameSaysGetsOneLine() throws Exception {
        // GIVEN text files named as a Parquet file and a workbook
        Path parquet = Files.writeString(dir.resolve("lines.parquet"), "customer,product,time\n");
        Path xlsx = Files.writeString(dir.resolve("lines.xlsx"), "customer,product,time\n");

        // WHEN / THEN each import names the file and says it cannot be read as that kind
        String parquetError = failure(parquet, ImportSettings.of(COLUMNS));
        assertTrue(parquetError.startsWith(parquet + ": ") && parquetError.toLowerCase().contains("parquet"), parquetError);
        String xlsxError = failure(xlsx, ImportSettings.of(COLUMNS));
        assertTrue(xlsxError.startsWith(xlsx + ": not a readable .xlsx workbook"), xlsxError);
    }

    @Test
    void timesNoFormatFitsNameTheValue() throws Exception {
        // GIVEN a time column of words
        Path input = Files.writeString(dir.resolve("lines.csv"), "customer,product,time\na,p1,yesterday\n");

        // WHEN / THEN the import names the column and the value, the formats it knows, and the option to use
        String message = failure(input, ImportSettings.of(COLUMNS));
        assertTrue(message.contains("column 'time' (--time): 'yesterday' is not a time") && message.contains("--time-format"), message);
    }

    @Test
    void aNamedFormatNoValueFitsNamesTheRowTheValueAndTheFormat() throws Exception {
        // GIVEN US dates, imported as if they were ISO
        Path input = Files.writeString(dir.resolve("lines.csv"), "customer,product,time\na,p1,3/4/2024 10:15\na,p2,3/5/2024 10:15\n");

        // WHEN / THEN the import names the first row, its value and the format expected
        String message = failure(input, ImportSettings.of(COLUMNS).withTimeFormat("iso"));
        assertTrue(message.contains("row 1: time '3/4/2024 10:15' is not iso"), message);
    }

    @Test
    void optionsThatCannotWorkAreRefusedBeforeReading() throws Exception {
        // GIVEN a valid file
        Path input = Files.writeString(dir.resolve("lines.csv"), "customer,product,time\na,p1,2024-03-04\n");

        // WHEN / THEN a cancellation prefix without an order column, a broken regex and an unknown time format are refused
        assertTrue(failure(input, ImportSettings.of(COLUMNS).withCancelledPrefix("C")).startsWith("--cancelled-prefix needs --order"));
        assertTrue(failure(input, ImportSettings.of(COLUMNS).withExcludeProducts("POST|(")).startsWith("--exclude-products POST|( is not a regular expression"));
        assertTrue(failure(input, ImportSettings.of(COLUMNS).withTimeFormat("dd-mm")).startsWith("--time-format dd-mm is not known"));
    }
}
