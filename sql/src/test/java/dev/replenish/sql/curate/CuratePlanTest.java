package dev.replenish.sql.curate;

import dev.replenish.core.contract.InstacartTable;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CuratePlanTest {

    private static final String ROWS = "(VALUES"
            + " ('1', '7', 'prior', '1', '2', '8', NULL),"
            + " ('2', '7', 'someday', '2', '3', '9', '7'),"
            + " ('1', '7', 'prior', '1', '2', '8', NULL))"
            + " AS t(order_id, user_id, eval_set, order_number, order_dow, order_hour_of_day, days_since_prior_order)";

    @Test
    void theCheckWithTheRawTableDefinedInsideItReadsThatDefinitionNotTheSameNamedTable() throws SQLException {
        CuratePlan plan = CuratePlan.of(InstacartTable.ORDERS, CuratePlan.BrokenRecords.NONE);
        List<String> direct;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            // GIVEN raw_orders as the local runtime has it (file, line, then the columns as text):
            // a valid row, a row breaking a rule and a duplicate key
            s.execute("CREATE TABLE raw_orders AS SELECT 'orders.csv' AS source_file, CAST(NULL AS BIGINT) AS source_line, *"
                    + " FROM " + ROWS);
            direct = rows(s, plan.check().select());
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            // AND the same rows as the crawler leaves them on Athena: a table also named raw_orders,
            // without file or line columns
            s.execute("CREATE TABLE raw_orders AS SELECT * FROM " + ROWS);
            // WHEN the check runs with raw_orders defined inside it over that table, read by its qualified name
            List<String> defined = rows(s, plan.checkReading(
                    "SELECT 'orders.csv' AS source_file, CAST(NULL AS BIGINT) AS source_line, * FROM memory.main.raw_orders").select());
            // THEN the curate SQL read the definition (the table alone has no source_file) and the
            // rows, rules included, are those of the direct check
            assertEquals(direct, defined);
            assertEquals(3, defined.size());
            assertTrue(defined.stream().anyMatch(r -> r.contains("eval_set: must be prior, train or test")), defined.toString());
            assertTrue(defined.stream().anyMatch(r -> r.contains("order_id: duplicate")), defined.toString());
        }
    }

    @Test
    void aDuplicateKeyKeepsTheSameRowWithLineNumbersAsWithoutThem() throws SQLException {
        // GIVEN order 5 twice: line 1 for user 9, line 2 for user 8 (whose text sorts first)
        String duplicates = "(VALUES ('5', '9', 'prior', '1', '2', '8', NULL), ('5', '8', 'prior', '1', '2', '8', NULL))"
                + " AS t(order_id, user_id, eval_set, order_number, order_dow, order_hour_of_day, days_since_prior_order)";
        CuratePlan plan = CuratePlan.of(InstacartTable.ORDERS, CuratePlan.BrokenRecords.NONE);
        String kept = "SELECT user_id FROM (%s) WHERE reject_rule IS NULL";
        String rejected = "SELECT user_id || ': ' || reject_rule FROM (%s) WHERE reject_rule IS NOT NULL";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            // WHEN the check runs as locally, with line numbers
            s.execute("CREATE TABLE raw_orders AS SELECT 'orders.csv' AS source_file,"
                    + " CAST(ROW_NUMBER() OVER () AS BIGINT) AS source_line, * FROM " + duplicates);
            List<String> localKept = rows(s, kept.formatted(plan.check().select()));
            List<String> localRejected = rows(s, rejected.formatted(plan.check().select()));
            // AND as on Athena, where the line is NULL
            s.execute("CREATE OR REPLACE TABLE raw_orders AS SELECT 'orders.csv' AS source_file,"
                    + " CAST(NULL AS BIGINT) AS source_line, * FROM " + duplicates);
            List<String> athenaKept = rows(s, kept.formatted(plan.check().select()));

            // THEN both keep user 8's row, the one first in text order, not the first line
            assertEquals(List.of("8|"), localKept);
            assertEquals(localKept, athenaKept);
            // AND the reject says which row was kept
            assertEquals(List.of("9: order_id: duplicate (the row first in text order is kept)|"), localRejected);
        }
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT * FROM (" + sql + ") ORDER BY ALL")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
