package dev.replenish.sql.curate;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.sql.TableQuery;
import dev.replenish.sql.SqlFiles;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The statements that curate one contract table, in the order they run. Both runtimes take them
 * from here (the local curate step, and the Athena Lambdas one statement per state), so the
 * projections of accepted and rejected rows cannot drift apart between the two.
 *
 * <ol>
 *   <li>{@code check}: the table's curate SELECT ({@code sql/curate/<table>.sql}) over
 *       {@code raw_<table>}, into the scratch table {@code <table>_checked}: every raw row once, typed,
 *       with its {@code reject_rule};</li>
 *   <li>{@code accept}: rows without a rule, the contract's columns, into {@code curated/<table>/}
 *       as the table {@code <table>} that later SQL reads;</li>
 *   <li>{@code reject}: rows with a rule, with file, line and raw text, into {@code rejects/<table>/}.</li>
 * </ol>
 *
 * @param table  the contract table
 * @param check  statement 1
 * @param accept statement 2
 * @param reject statement 3
 */
public record CuratePlan(InstacartTable table, TableQuery check, TableQuery accept, TableQuery reject) {

    /** The statements by the names the state machine uses ({@code orders.check}, ...). */
    public enum Statement {
        CHECK("check"),
        ACCEPT("accept"),
        REJECT("reject");

        private final String id;

        Statement(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Statement byId(String id) {
            return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown curate statement '" + id + "'; statements are "
                            + Arrays.stream(values()).map(Statement::id).collect(Collectors.joining(", "))));
        }
    }

    /**
     * Whether the runtime has records that never reached {@code raw_<table>} because they could
     * not be split into the contract's columns.
     */
    public enum BrokenRecords {
        /**
         * The local catalog step reads the files itself and sets such records aside as
         * {@code broken_<table>} (source_file, source_line, reject_rule, raw_text); the reject
         * statement adds them, so accepted + rejected = records in the file.
         */
        CATALOGED,
        /**
         * Athena reads the crawler's table, whose SerDe turns every line into a row (missing
         * fields become NULL and then break a type rule), so there is nothing to add.
         */
        NONE
    }

    /** The step name the scratch tables are kept under ({@code tmp/curate/}). */
    public static final String SCRATCH_STEP = "curate";

    public static CuratePlan of(InstacartTable table, BrokenRecords brokenRecords) {
        String name = table.tableName();
        String checked = checkedTable(table);
        TableQuery check = new TableQuery(checked, SqlFiles.curate(table), LakeLayout.scratch(SCRATCH_STEP, name));
        TableQuery accept = new TableQuery(name,
                "SELECT " + String.join(", ", table.columnNames()) + "\nFROM " + checked + "\nWHERE reject_rule IS NULL",
                LakeLayout.curated(table));
        String rejected = "SELECT source_file, source_line, reject_rule, raw_text\nFROM " + checked
                + "\nWHERE reject_rule IS NOT NULL";
        if (brokenRecords == BrokenRecords.CATALOGED) {
            rejected += "\nUNION ALL\nSELECT source_file, source_line, reject_rule, raw_text\nFROM " + brokenRelation(table);
        }
        TableQuery reject = new TableQuery(rejectsTable(table), rejected + "\nORDER BY source_line", LakeLayout.rejects(table));
        return new CuratePlan(table, check, accept, reject);
    }

    /** Every table's plan, in the contract's order: a table after the tables its rows refer to. */
    public static List<CuratePlan> all(BrokenRecords brokenRecords) {
        return Arrays.stream(InstacartTable.values()).map(table -> of(table, brokenRecords)).toList();
    }

    /**
     * The check statement for a runtime where {@code raw_<table>} is not a relation of its own:
     * {@code rawSelect} defines it in a WITH clause around the unchanged curate SELECT, which then
     * reads that definition instead of a catalog table (an unqualified name resolves to the WITH
     * name first). {@code rawSelect} must yield source_file, source_line and the contract's columns
     * as text.
     */
    public TableQuery checkReading(String rawSelect) {
        String curate = SqlFiles.curate(table).strip();
        if (curate.endsWith(";")) {
            curate = curate.substring(0, curate.length() - 1);
        }
        String select = "WITH " + rawRelation(table) + " AS (\n"
                + rawSelect.strip().indent(4)
                + ")\n"
                + "SELECT *\n"
                + "FROM (\n"
                + curate + "\n"
                + ") AS checked_rows";
        return new TableQuery(check.tableName(), select, check.lakeKey());
    }

    public TableQuery statement(Statement statement) {
        return switch (statement) {
            case CHECK -> check;
            case ACCEPT -> accept;
            case REJECT -> reject;
        };
    }

    /** The relation the curate SELECT reads: source_file, source_line, then the contract's columns as text. */
    public static String rawRelation(InstacartTable table) {
        return "raw_" + table.tableName();
    }

    /** Records the local catalog could not split into columns (see {@link BrokenRecords#CATALOGED}). */
    public static String brokenRelation(InstacartTable table) {
        return "broken_" + table.tableName();
    }

    public static String checkedTable(InstacartTable table) {
        return table.tableName() + "_checked";
    }

    public static String rejectsTable(InstacartTable table) {
        return table.tableName() + "_rejects";
    }
}
