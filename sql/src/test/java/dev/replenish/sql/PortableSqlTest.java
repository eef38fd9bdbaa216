package dev.replenish.sql;

import dev.replenish.core.contract.InstacartTable;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.Statement;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
            String sql = Files.readString(file).strip();
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
}
