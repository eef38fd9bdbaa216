package dev.replenish.local.transactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.local.Replenish;
import dev.replenish.sources.transactions.ImportReport;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** import-transactions as a user meets it on the command line, without the pipeline. */
class ImportTransactionsCommandLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void anXlsxWorkbookImportsOnTheCommandLinesClasspath() throws Exception {
        // GIVEN a workbook of two customers' lines with date cells (POI shares its commons jars with Spark's here)
        Path workbook = dir.resolve("lines.xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream file = Files.newOutputStream(workbook)) {
            Sheet sheet = book.createSheet("lines");
            CellStyle date = book.createCellStyle();
            date.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd hh:mm"));
            Object[][] rows = {{"customer", "product", "time"}, {"a", "p1", LocalDateTime.of(2024, 3, 4, 9, 30)},
                    {"a", "p2", LocalDateTime.of(2024, 3, 9, 18, 0)}, {"b", "p1", LocalDateTime.of(2024, 3, 4, 9, 30)},
                    {"b", "p1", LocalDateTime.of(2024, 3, 5, 8, 0)}};
            for (int r = 0; r < rows.length; r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < 3; c++) {
                    if (rows[r][c] instanceof LocalDateTime time) {
                        row.createCell(c).setCellValue(time);
                        row.getCell(c).setCellStyle(date);
                    } else {
                        row.createCell(c).setCellValue((String) rows[r][c]);
                    }
                }
            }
            book.write(file);
        }

        // WHEN it is imported with the command
        StringWriter out = new StringWriter();
        CommandLine commandLine = Replenish.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        int status = commandLine.execute("import-transactions", "--input", workbook.toString(), "--out",
                dir.resolve("from-xlsx").toString(), "--customer", "customer", "--product", "product", "--time", "time");

        // THEN all four lines are imported as two customers' two orders each
        assertEquals(0, status, out.toString());
        JsonNode report = JSON.readTree(dir.resolve("from-xlsx").resolve(ImportReport.FILE_NAME).toFile());
        assertEquals(4, report.get("imported").asLong(), report.toString());
        assertEquals(4, report.get("priorOrders").asLong() + report.get("trainOrders").asLong(), report.toString());
    }

    @Test
    void mistakesGetOneLineNamingTheProblemAndExitStatusTwo() throws Exception {
        // GIVEN mistakes a user can make: a column that is not there, an empty file, an unknown format
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Path lines = Files.writeString(dir.resolve("lines.csv"), "client,sku,when\na,p1,2024-03-04\n");
        List<String[]> mistakes = List.of(
                new String[]{"--input", lines.toString(), "--customer", "customer", "--product", "sku", "--time", "when"},
                new String[]{"--input", empty.toString(), "--customer", "customer", "--product", "sku", "--time", "when"},
                new String[]{"--input", lines.toString(), "--customer", "client", "--product", "sku", "--time", "when",
                        "--format", "json"},
                new String[]{"--input", lines.toString(), "--customer", "client", "--product", "sku", "--time", "when",
                        "--basket-window", "soon"});
        List<String> expected = List.of("no column 'customer' (--customer); columns found: client, sku, when",
                "empty file", "--format json is not known", "--basket-window soon is not a duration");
        for (int i = 0; i < mistakes.size(); i++) {
            StringWriter err = new StringWriter();
            CommandLine commandLine = Replenish.newCommandLine();
            commandLine.setErr(new PrintWriter(err, true));
            String[] args = new String[mistakes.get(i).length + 3];
            args[0] = "import-transactions";
            System.arraycopy(mistakes.get(i), 0, args, 1, mistakes.get(i).length);
            args[args.length - 2] = "--out";
            args[args.length - 1] = dir.resolve("mistake-" + i).toString();

            // WHEN the command runs
            int status = commandLine.execute(args);

            // THEN it exits 2 with one line naming the problem, and no stack trace
            String message = err.toString().strip();
            assertEquals(2, status, message);
            assertTrue(message.startsWith("replenish import-transactions: ") && message.contains(expected.get(i)), message);
            assertFalse(message.contains("\n") || message.contains("Exception"), message);
        }
    }
}
