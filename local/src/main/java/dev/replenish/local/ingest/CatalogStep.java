package dev.replenish.local.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.contract.Column;
import dev.replenish.core.contract.ColumnType;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.ingest.CsvRecord;
import dev.replenish.core.ingest.CsvRecordReader;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.local.UserError;
import dev.replenish.local.pipeline.LocalStep;
import dev.replenish.local.pipeline.StepContext;
import dev.replenish.local.pipeline.StepResult;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * The local stand-in for the Glue crawler: checks each raw file's header against the data contract
 * and registers its records for curation. It reads every record itself, rather than letting the
 * SQL engine parse the file, so that every record, and every reject, keeps its file line number.
 *
 * <p>Output per table under {@code catalog/<table>/}: {@code records.csv} (source line, then the
 * contract's columns), {@code broken.csv} (lines where a record could not be split into those
 * columns, with the reason) and {@code scan.json} (the counts, which account for every physical
 * line of the file; a file whose lines do not add up stops the run).
 */
public final class CatalogStep implements LocalStep {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often a scan looks whether the step was stopped, in records. */
    private static final long CANCEL_CHECK_RECORDS = 1 << 16;
    /** How long a failing step waits for the other scans to stop; they check every few milliseconds. */
    private static final long SCANS_STOP_SECONDS = 60;

    @Override
    public PipelineStep step() {
        return PipelineStep.CATALOG;
    }

    /** The catalog folder of a table in the local lake. */
    static Path folder(Path lakeRoot, InstacartTable table) {
        return lakeRoot.resolve("catalog").resolve(table.tableName());
    }

    static RawTableScan readScan(Path lakeRoot, InstacartTable table) throws IOException {
        Path scan = folder(lakeRoot, table).resolve("scan.json");
        if (!Files.exists(scan)) {
            throw new UserError("table " + table.tableName() + " is not cataloged: run the catalog step first");
        }
        return JSON.readValue(scan.toFile(), RawTableScan.class);
    }

    @Override
    public StepResult run(StepContext context) throws Exception {
        for (InstacartTable table : InstacartTable.values()) {
            Path file = context.rawDir().resolve(table.fileName());
            if (!Files.isRegularFile(file)) {
                throw new UserError(file + ": missing; the raw directory must hold the six Kaggle files ("
                        + String.join(", ", java.util.Arrays.stream(InstacartTable.values()).map(InstacartTable::fileName).toList()) + ")");
            }
        }
        // The big order-line files dominate; two at a time keeps both cores busy.
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(2, Runtime.getRuntime().availableProcessors()));
        Map<InstacartTable, Future<RawTableScan>> scans = new EnumMap<>(InstacartTable.class);
        try {
            for (InstacartTable table : InstacartTable.values()) {
                scans.put(table, pool.submit(() -> scan(context, table)));
            }
            List<String> lines = new ArrayList<>();
            List<StepResult.RowCount> counts = new ArrayList<>();
            lines.add(String.format("%-22s %12s %12s %9s %7s %10s", "table", "lines", "records", "broken", "blank", "continued"));
            for (InstacartTable table : InstacartTable.values()) {
                RawTableScan scan = await(scans.get(table));
                lines.add(String.format("%-22s %,12d %,12d %,9d %,7d %,10d", table.tableName(), scan.physicalLines(),
                        scan.records(), scan.broken(), scan.blankLines(), scan.continuationLines()));
                counts.add(StepResult.RowCount.lines(table.fileName(), scan.physicalLines()));
                counts.add(StepResult.RowCount.in(table.fileName(), scan.curateInput()));
                counts.add(StepResult.RowCount.out("catalog/" + table.tableName(), scan.records()));
                counts.add(StepResult.RowCount.rejected("catalog/" + table.tableName() + " (broken)", scan.broken()));
            }
            lines.add("every line counted once: lines = 1 header + records + broken + blank + continued"
                    + " (the further lines of records with a line break inside quotes)");
            return StepResult.of(lines, counts);
        } finally {
            // When one table fails the others stop too, and the step returns only once they have:
            // no scan may still be writing into catalog/ after the step has failed.
            pool.shutdownNow();
            pool.awaitTermination(SCANS_STOP_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static RawTableScan await(Future<RawTableScan> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    static RawTableScan scan(StepContext context, InstacartTable table) throws IOException {
        Path file = context.rawDir().resolve(table.fileName());
        Path folder = folder(context.lakeRoot(), table);
        Files.createDirectories(folder);
        // scan.json is the table's completion marker, written last: an interrupted re-run must not
        // leave the previous run's marker vouching for half-written records.
        Files.deleteIfExists(folder.resolve("scan.json"));
        long records = 0;
        long broken = 0;
        // Malformed UTF-8 becomes U+FFFD rather than stopping the read; the row then fails a type rule if it matters.
        Reader reader = new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE));
        // Only text may hold a line break: a quote that runs past its line in an id or a number breaks its record at once.
        List<Column> columns = table.columns();
        IntPredicate textField = field -> field <= columns.size() && columns.get(field - 1).type() == ColumnType.VARCHAR;
        try (CsvRecordReader csv = new CsvRecordReader(reader, context.config().ingest().maxFieldChars(), columns.size(), textField);
             Writer out = new BufferedWriter(Files.newBufferedWriter(folder.resolve("records.csv")), 1 << 20);
             Writer brokenOut = Files.newBufferedWriter(folder.resolve("broken.csv"))) {
            checkHeader(table, csv.next());
            CsvRecord record;
            while ((record = csv.next()) != null) {
                if ((records + broken) % CANCEL_CHECK_RECORDS == 0 && Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("catalog of " + table.fileName() + " stopped: another table failed");
                }
                if (record.isBroken()) {
                    broken++;
                    writeRow(brokenOut, record.line(), List.of(record.problem(), record.rawText()));
                } else {
                    records++;
                    writeRow(out, record.line(), record.fields());
                }
            }
            RawTableScan scan = new RawTableScan(table.fileName(), csv.physicalLines(), 1, records, broken,
                    csv.blankLines(), csv.continuationLines());
            if (scan.accountedLines() != scan.physicalLines()) {
                // The reader returns every line once, so this is a bug, never bad input.
                throw new IllegalStateException(table.fileName() + ": " + scan.physicalLines() + " physical lines, but "
                        + scan.accountedLines() + " accounted for (1 header + " + records + " records + " + broken
                        + " broken + " + scan.blankLines() + " blank + " + scan.continuationLines() + " continuation)");
            }
            if (scan.curateInput() == 0 && table != InstacartTable.ORDER_PRODUCTS_TRAIN) {
                throw new UserError(table.fileName() + ": has a header but no rows; " + table.tableName() + " cannot be empty");
            }
            JSON.writeValue(folder.resolve("scan.json").toFile(), scan);
            return scan;
        }
    }

    private static void checkHeader(InstacartTable table, CsvRecord header) {
        String expected = table.headerLine();
        if (header == null) {
            throw new UserError(table.fileName() + ": empty file; expected the header line '" + expected + "'");
        }
        if (header.isBroken()) {
            throw new UserError(table.fileName() + " line 1: the header does not match the contract (" + header.problem()
                    + "): found '" + header.rawText() + "', expected '" + expected + "'");
        }
        List<String> found = header.fields().stream().map(String::strip).toList();
        if (found.equals(table.columnNames())) {
            return;
        }
        String rule = found.size() == table.columnNames().size() && found.containsAll(table.columnNames())
                ? "the columns are in a different order than the contract's"
                : "the header does not match the contract";
        throw new UserError(table.fileName() + " line 1: " + rule + ": found '" + String.join(",", found)
                + "', expected '" + expected + "'");
    }

    /** One staged row: the source line, then the values, quoted only where CSV needs it. */
    private static void writeRow(Writer out, long line, List<String> values) throws IOException {
        out.write(Long.toString(line));
        for (String value : values) {
            out.write(',');
            writeField(out, value);
        }
        out.write('\n');
    }

    private static void writeField(Writer out, String value) throws IOException {
        boolean quote = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                quote = true;
                break;
            }
        }
        if (!quote) {
            out.write(value);
            return;
        }
        out.write('"');
        out.write(value.replace("\"", "\"\""));
        out.write('"');
    }
}
