package dev.replenish.local.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.ingest.CsvRecord;
import dev.replenish.core.ingest.CsvRecordReader;
import dev.replenish.local.generate.GeneratedRawData;
import dev.replenish.local.lake.LocalLake;
import dev.replenish.local.pipeline.StepContext;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ingestion's first promise, tested on random damage: whatever is wrong with a raw file's lines,
 * every physical line ends up in exactly one count. The catalog splits each file into header,
 * well-formed records, broken lines, blank lines and continuation lines; curation splits records and
 * broken lines into accepted and rejected rows. Damaged lines cost themselves only: a line no damage
 * touched is never broken, and is read as a record of its own (unless a damaged line before it opened
 * a legal multi-line field that holds it).
 *
 * <p>Each case damages one to three random data lines of each of the six files of a tiny generated
 * data set (3 users; products cut to those ordered and a few more): 1,000 cases in all, 950 through
 * the catalog and 50 (some 750 damaged lines) through catalog and curate, which runs DuckDB and costs
 * ten times as much a case: CI has a time budget. Edge
 * cases are off: six lists of damages combine into more edge cases than tries, so jqwik would try
 * nothing else.
 */
class IngestionAccountingPropertyTest {

    /** Small, so an oversized field is cheap to write; generated product names are far shorter. */
    private static final int MAX_FIELD_CHARS = 256;
    private static final ReplenishConfig CONFIG = ReplenishConfig.defaults()
            .withIngest(new ReplenishConfig.Ingest(1.0, MAX_FIELD_CHARS));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path workDir;
    private static Map<InstacartTable, List<String>> cleanLines;

    @BeforeContainer
    static void generateOnce() throws Exception {
        workDir = Files.createTempDirectory("ingestion-properties");
        Path generated = new GeneratedRawData(3, 7).ensureIn(workDir.resolve("generated"), quiet());
        cleanLines = new EnumMap<>(InstacartTable.class);
        for (InstacartTable table : InstacartTable.values()) {
            cleanLines.put(table, Files.readAllLines(generated.resolve(table.fileName()), StandardCharsets.UTF_8));
        }
        cleanLines.put(InstacartTable.PRODUCTS, orderedProductsAndAFewMore());
    }

    @AfterContainer
    static void cleanUp() {
        LocalLake.deleteRecursively(workDir);
    }

    @Property(tries = 950, edgeCases = EdgeCasesMode.NONE)
    void theCatalogAccountsForEveryPhysicalLine(@ForAll("damagedDataSets") DamagedDataSet data) throws Exception {
        // GIVEN random damage to lines of all six files
        Path lake = ingest(data, false);
        // THEN per file every physical line is in exactly one of the catalog's counts
        for (InstacartTable table : InstacartTable.values()) {
            checkCatalog(data, lake, table);
        }
        LocalLake.deleteRecursively(lake.getParent());
    }

    @Property(tries = 50, edgeCases = EdgeCasesMode.NONE)
    void catalogAndCurateAccountForEveryPhysicalLine(@ForAll("damagedDataSets") DamagedDataSet data) throws Exception {
        // GIVEN random damage to lines of all six files
        Path lake = ingest(data, true);
        for (InstacartTable table : InstacartTable.values()) {
            RawTableScan scan = checkCatalog(data, lake, table);
            // THEN per table every record and broken line is accepted or rejected once, so that
            // physical lines = header + accepted + rejected + blank + continuation
            long[] curated = curatedCounts(lake, table);
            long accepted = curated[0];
            long rejected = curated[1];
            long distinctRejectedLines = curated[2];
            assertEquals(scan.records() + scan.broken(), accepted + rejected, table + " " + data);
            assertEquals(data.physicalLines(table), 1 + accepted + rejected + scan.blankLines() + scan.continuationLines(),
                    table + " " + data);
            assertEquals(rejected, distinctRejectedLines, table + ": a line rejected twice " + data);
        }
        LocalLake.deleteRecursively(lake.getParent());
    }

    @Provide
    Arbitrary<DamagedDataSet> damagedDataSets() {
        List<Arbitrary<List<DamagedDataSet.Damage>>> perFile = Stream.of(InstacartTable.values())
                .<Arbitrary<List<DamagedDataSet.Damage>>>map(table -> damage(table).list().ofMinSize(1).ofMaxSize(3)).toList();
        return Combinators.combine(perFile).as(lists -> new DamagedDataSet(cleanLines,
                lists.stream().flatMap(List::stream).toList(), MAX_FIELD_CHARS));
    }

    private static Arbitrary<DamagedDataSet.Damage> damage(InstacartTable table) {
        return Combinators.combine(Arbitraries.of(DamagedDataSet.Mutation.class),
                        Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers().greaterOrEqual(0))
                .as((mutation, line, position) -> new DamagedDataSet.Damage(table, mutation, line, position));
    }

    /** Runs the catalog step, and the curate step if asked, themselves (the runner's bookkeeping would double the time). */
    private static Path ingest(DamagedDataSet data, boolean curate) throws Exception {
        Path dir = Files.createTempDirectory(workDir, "case");
        Path raw = data.writeTo(dir.resolve("raw"));
        Path lake = dir.resolve("work");
        StepContext context = new StepContext(raw, lake, "property", CONFIG, quiet());
        new CatalogStep().run(context);
        if (curate) {
            new CurateStep().run(context);
        }
        return lake;
    }

    /** The catalog's counts of one file, checked against the file as the test wrote it. */
    private static RawTableScan checkCatalog(DamagedDataSet data, Path lake, InstacartTable table) throws IOException {
        Path folder = CatalogStep.folder(lake, table);
        RawTableScan scan = JSON.readValue(folder.resolve("scan.json").toFile(), RawTableScan.class);
        String where = table + " " + data;
        assertEquals(data.physicalLines(table), scan.physicalLines(), where);
        assertEquals(scan.physicalLines(), scan.headerLines() + scan.records() + scan.broken() + scan.blankLines()
                + scan.continuationLines(), where);
        assertEquals(data.blankLines(table), scan.blankLines(), where);

        // Broken lines are damaged lines, each broken once.
        List<CsvRecord> broken = staged(folder.resolve("broken.csv"), 2);
        Set<Long> brokenLines = new HashSet<>();
        for (CsvRecord record : broken) {
            assertTrue(data.isDamaged(table, record.line()), "line " + record.line() + " broken but not damaged: " + where);
            assertTrue(brokenLines.add(record.line()), "line " + record.line() + " broken twice: " + where);
        }
        assertEquals(scan.broken(), broken.size(), where);

        // Every line no damage touched is a record of its own, or a further line of a multi-line record
        // that a damaged line began.
        List<CsvRecord> records = staged(folder.resolve("records.csv"), table.columns().size());
        assertEquals(scan.records(), records.size(), where);
        Set<Long> recordStarts = new HashSet<>();
        Set<Long> continuations = new HashSet<>();
        for (CsvRecord record : records) {
            recordStarts.add(record.line());
            long further = record.fields().stream().mapToLong(IngestionAccountingPropertyTest::lineBreaks).sum();
            assertTrue(further == 0 || data.isDamaged(table, record.line()), "undamaged line " + record.line()
                    + " read as a multi-line record: " + where);
            for (long line = record.line() + 1; line <= record.line() + further; line++) {
                continuations.add(line);
            }
        }
        assertEquals(scan.continuationLines(), continuations.size(), where);
        for (long line = 2; line <= data.physicalLines(table); line++) {
            if (!data.isDamaged(table, line)) {
                assertTrue(recordStarts.contains(line) || continuations.contains(line),
                        "undamaged line " + line + " is neither a record nor a continuation: " + where);
            }
        }
        return scan;
    }

    /** The rows the catalog staged (source line, then the values), read back with the source line as the record's line. */
    private static List<CsvRecord> staged(Path file, int values) throws IOException {
        List<CsvRecord> rows = new ArrayList<>();
        try (CsvRecordReader reader = new CsvRecordReader(Files.newBufferedReader(file), Integer.MAX_VALUE - 1, values + 1)) {
            CsvRecord row;
            while ((row = reader.next()) != null) {
                assertTrue(!row.isBroken(), file + ": " + row.problem());
                rows.add(new CsvRecord(Long.parseLong(row.fields().get(0)), row.fields().subList(1, row.fields().size()), null, null));
            }
        }
        return rows;
    }

    private static long lineBreaks(String value) {
        long breaks = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n'))) {
                breaks++;
            }
        }
        return breaks;
    }

    /** Accepted rows, rejected rows and distinct rejected source lines of a table, from the Parquet written. */
    private static long[] curatedCounts(Path lake, InstacartTable table) throws SQLException {
        String curated = lake.resolve("curated").resolve(table.tableName()) + "/*.parquet";
        String rejects = lake.resolve("rejects").resolve(table.tableName()) + "/*.parquet";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM '" + curated + "'), count(*), count(DISTINCT source_line)"
                     + " FROM '" + rejects + "'")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    /** products.csv cut to the header, the first 50 products (quoted names among them) and every product ordered. */
    private static List<String> orderedProductsAndAFewMore() {
        Set<String> ordered = new HashSet<>();
        for (InstacartTable lines : List.of(InstacartTable.ORDER_PRODUCTS_PRIOR, InstacartTable.ORDER_PRODUCTS_TRAIN)) {
            cleanLines.get(lines).stream().skip(1).forEach(line -> ordered.add(line.split(",")[1]));
        }
        List<String> all = cleanLines.get(InstacartTable.PRODUCTS);
        List<String> kept = new ArrayList<>(all.subList(0, 51));
        all.stream().skip(51).filter(line -> ordered.contains(line.substring(0, line.indexOf(',')))).forEach(kept::add);
        return kept;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
