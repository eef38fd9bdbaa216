package dev.replenish.sql;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.sql.TableQuery;
import dev.replenish.sql.curate.CuratePlan;
import dev.replenish.sql.features.FeatureTable;
import io.trino.sql.parser.SqlParser;
import dev.replenish.sql.evaluation.BaselineQuery;
import io.trino.sql.tree.DereferenceExpression;
import io.trino.sql.tree.Identifier;
import io.trino.sql.tree.Node;
import io.trino.sql.tree.QuerySpecification;
import io.trino.sql.tree.SelectItem;
import io.trino.sql.tree.SingleColumn;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.Statement;
import io.trino.sql.tree.Table;
import io.trino.sql.tree.WithQuery;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Every SQL file must run unchanged on Athena engine v3 (Trino) as well as DuckDB: DuckDB runs them
 * in the local tests; here Trino's own parser reads each one as a single query.
 */
class PortableSqlTest {

    private static final Path SQL_ROOT = Path.of(System.getProperty("user.dir"));

    /** Functions or syntax DuckDB accepts but Trino does not (or means differently). */
    private static final List<Pattern> DUCKDB_ONLY = List.of(
            Pattern.compile("::"),                                 // DuckDB cast shorthand
            Pattern.compile("\\bregexp_matches\\s*\\("),
            Pattern.compile("\\blist_\\w+\\s*\\("),
            Pattern.compile("\\bstrftime\\s*\\("),
            Pattern.compile("\\bread_(csv|parquet)\\w*\\s*\\("),
            Pattern.compile("\\bQUALIFY\\b"),
            Pattern.compile("\\bEXCLUDE\\s*\\("),
            Pattern.compile("//"));                                // DuckDB integer division

    static Stream<Path> sqlFiles() throws IOException {
        return Stream.of("curate", "features", "evaluation")
                .map(SQL_ROOT::resolve)
                .filter(Files::isDirectory)
                .flatMap(dir -> {
                    try {
                        return Files.list(dir).filter(p -> p.toString().endsWith(".sql")).sorted().toList().stream();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }

    @TestFactory
    Stream<DynamicTest> everySqlFileIsOneTrinoQuery() throws IOException {
        SqlParser parser = new SqlParser();
        return sqlFiles().map(file -> DynamicTest.dynamicTest(SQL_ROOT.relativize(file).toString(), () -> {
            // GIVEN a SQL file of the project
            // (a feature file's ${setting} placeholders rendered, as both runtimes run it)
            String sql = FeatureTable.render(file.toString(), Files.readString(file), ReplenishConfig.defaults().candidateSources()).strip();
            // WHEN Trino's parser reads it
            Statement statement = parser.createStatement(sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql);
            // THEN it is a single SELECT (the engine adapter adds the CTAS or COPY around it)
            assertInstanceOf(Query.class, statement, file + " must be one SELECT");
            String lower = sql.toLowerCase(Locale.ROOT);
            for (Pattern duckDbOnly : DUCKDB_ONLY) {
                assertFalse(duckDbOnly.matcher(lower.replaceAll("--[^\n]*", "")).find(),
                        file + " uses " + duckDbOnly.pattern() + ", which Athena does not run");
            }
        }));
    }

    @Test
    void thereIsOneCurateQueryPerContractTableOnTheClasspath() {
        // GIVEN the data contract's tables
        for (InstacartTable table : InstacartTable.values()) {
            // WHEN its curate query is loaded as the engines load it
            String sql = SqlFiles.curate(table);
            // THEN it reads the raw relation of that table
            assertFalse(sql.isBlank());
            assertTrue(sql.contains("FROM raw_" + table.tableName()), table.tableName());
        }
    }

    @Test
    void everyPlannedCurateStatementIsOneTrinoQuery() {
        SqlParser parser = new SqlParser();
        for (CuratePlan.BrokenRecords brokenRecords : CuratePlan.BrokenRecords.values()) {
            for (CuratePlan plan : CuratePlan.all(brokenRecords)) {
                // GIVEN the statements both runtimes run to curate a table
                for (TableQuery query : List.of(plan.check(), plan.accept(), plan.reject())) {
                    // WHEN Trino's parser reads each THEN it is one SELECT
                    assertInstanceOf(Query.class, parser.createStatement(query.select().strip()), query.tableName());
                }
                // AND so does the check statement with raw_<table> defined inside it (as on Athena)
                assertInstanceOf(Query.class, parser.createStatement(plan.checkReading(
                        "SELECT source_file, source_line, " + String.join(", ", plan.table().columnNames())
                                + " FROM crawled." + plan.table().tableName()).select()), plan.table().tableName());
                // AND the accepted rows are exactly the contract's columns
                assertTrue(plan.accept().select().startsWith("SELECT " + String.join(", ", plan.table().columnNames()) + "\n"));
            }
        }
    }

    @Test
    void thereIsOneFeatureFilePerFeatureTable() throws IOException {
        // GIVEN the feature tables the runtimes run, and the files in sql/features
        Set<String> declared = new TreeSet<>(Arrays.stream(FeatureTable.values()).map(FeatureTable::tableName).toList());
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(SQL_ROOT.resolve("features"))) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .forEach(n -> files.add(n.substring(0, n.length() - 4)));
        }
        // THEN they are the same set: no file is forgotten by the runtimes, none is missing
        assertEquals(declared, files);
    }

    @Test
    void featureSqlReadsOnlyPriorHistoryAndTablesEarlierInTheOrder() {
        SqlParser parser = new SqlParser();
        Set<String> readable = new HashSet<>(FeatureTable.INPUTS.stream().map(InstacartTable::tableName).toList());
        for (FeatureTable table : FeatureTable.values()) {
            // GIVEN a feature table's SQL, parsed by Trino
            Statement statement = parser.createStatement(table.sql().strip());
            // WHEN the relations it reads are collected (its own WITH names aside)
            Set<String> reads = new TreeSet<>();
            Set<String> withNames = new HashSet<>();
            collectRelations(statement, reads, withNames);
            reads.removeAll(withNames);
            // THEN each is a curated input or a feature table declared before it: the declared order
            // is a valid dependency order, and no feature reads order_products_train (the labels)
            for (String relation : reads) {
                assertTrue(readable.contains(relation), table.tableName() + " reads " + relation
                        + ", which is neither a curated input nor a feature table declared before it");
            }
            readable.add(table.tableName());
        }
        assertFalse(readable.contains(InstacartTable.ORDER_PRODUCTS_TRAIN.tableName()));
    }

    @Test
    void baselineQueriesDeclareTheirFilesColumnsInSelectOrder() throws IOException {
        SqlParser parser = new SqlParser();
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(SQL_ROOT.resolve("evaluation"))) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .forEach(n -> files.add(n.substring(0, n.length() - 4)));
        }
        // GIVEN the evaluation SQL files THEN each is a declared baseline query
        assertEquals(files, new TreeSet<>(Arrays.stream(BaselineQuery.values()).map(BaselineQuery::tableName).toList()));
        for (BaselineQuery query : BaselineQuery.values()) {
            // GIVEN a baseline query, parsed by Trino
            Query parsed = (Query) parser.createStatement(query.sql().strip());
            // WHEN the names of its outer SELECT list are read
            List<String> selected = new ArrayList<>();
            for (SelectItem item : ((QuerySpecification) parsed.getQueryBody()).getSelect().getSelectItems()) {
                SingleColumn column = (SingleColumn) item;
                selected.add(column.getAlias().map(Identifier::getValue).orElseGet(() -> column.getExpression() instanceof DereferenceExpression d
                        ? d.getField().orElseThrow().getValue() : column.getExpression().toString()).toLowerCase(Locale.ROOT));
            }
            // THEN they are the columns the cloud's gate reads by position, in that order
            assertEquals(query.columns(), selected, query.tableName());
        }
    }

    private static void collectRelations(Node node, Set<String> reads, Set<String> withNames) {
        if (node instanceof Table table) {
            reads.add(table.getName().toString().toLowerCase(Locale.ROOT));
        }
        if (node instanceof WithQuery withQuery) {
            withNames.add(withQuery.getName().getValue().toLowerCase(Locale.ROOT));
        }
        for (Node child : new ArrayList<Node>(node.getChildren())) {
            collectRelations(child, reads, withNames);
        }
    }
}
