package dev.replenish.local.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.replenish.core.contract.Column;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.local.UserError;
import dev.replenish.local.lake.LocalLake;
import dev.replenish.local.pipeline.LocalStep;
import dev.replenish.local.pipeline.StepContext;
import dev.replenish.local.pipeline.StepResult;
import dev.replenish.local.sql.DuckDbSettings;
import dev.replenish.local.sql.DuckDbSqlEngine;
import dev.replenish.sql.curate.CuratePlan;
import dev.replenish.sql.curate.RejectShare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs the curate SELECTs of {@code sql/curate/} on DuckDB over the cataloged records: typed
 * Parquet under {@code curated/<table>/}, every other row under {@code rejects/<table>/} with the
 * file, line and rule. Stops when a table's rejected share passes {@code ingest.maxRejectFraction}.
 */
public final class CurateStep implements LocalStep {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public PipelineStep step() {
        return PipelineStep.CURATE;
    }

    @Override
    public StepResult run(StepContext context) throws Exception {
        List<TableCuration> curations = new ArrayList<>();
        try (DuckDbSqlEngine engine = DuckDbSqlEngine.open(context.lakeRoot(), DuckDbSettings.forThisMachine())) {
            for (InstacartTable table : InstacartTable.values()) {
                TableCuration curation = curate(engine, context, table);
                curations.add(curation);
                context.out().printf("  curated %-22s %,d rows%n", table.tableName(), curation.input());
                enforceRejectLimit(context, curations, table);
            }
        } finally {
            LocalLake.deleteRecursively(LocalLake.scratch(context.lakeRoot(), CuratePlan.SCRATCH_STEP));
        }
        Path report = context.lake(LakeLayout.reports(context.runId())).resolve("curate.json");
        Files.createDirectories(report.getParent());
        JSON.writeValue(report.toFile(), curations);
        List<StepResult.RowCount> counts = new ArrayList<>();
        for (TableCuration c : curations) {
            counts.add(StepResult.RowCount.in("catalog/" + c.table(), c.input()));
            counts.add(StepResult.RowCount.out("curated/" + c.table(), c.accepted()));
            counts.add(StepResult.RowCount.rejected("rejects/" + c.table(), c.rejected()));
        }
        return StepResult.of(summaryLines(curations), counts);
    }

    static TableCuration curate(DuckDbSqlEngine engine, StepContext context, InstacartTable table) throws Exception {
        RawTableScan scan = CatalogStep.readScan(context.lakeRoot(), table);
        Path folder = CatalogStep.folder(context.lakeRoot(), table);
        registerRawView(engine, context, table, folder, scan);

        String name = table.tableName();
        CuratePlan plan = CuratePlan.of(table, CuratePlan.BrokenRecords.CATALOGED);
        engine.createTableAs(plan.check());
        long accepted = engine.createTableAs(plan.accept());
        long rejected = engine.createTableAs(plan.reject());
        if (accepted + rejected != scan.curateInput()) {
            // The SQL returns each input row once, so this is a bug, never bad input.
            throw new IllegalStateException(name + ": accepted " + accepted + " + rejected " + rejected
                    + " != input " + scan.curateInput());
        }
        return new TableCuration(name, scan.curateInput(), accepted, rejected, rulesBroken(engine, plan.reject().tableName()));
    }

    /**
     * raw_<table> and broken_<table>: the cataloged records as text, as the curate plan expects them.
     * (On Athena the raw view is created over the crawler's table instead; see the lambdas module.)
     */
    private static void registerRawView(DuckDbSqlEngine engine, StepContext context, InstacartTable table,
                                        Path folder, RawTableScan scan) {
        String file = scan.file().replace("'", "''");
        int maxLine = (context.config().ingest().maxFieldChars() + 8) * (table.columns().size() + 1) * 2;
        String columns = table.columns().stream().map(Column::name).map(c -> "'" + c + "': 'VARCHAR'")
                .collect(Collectors.joining(", "));
        engine.execute("CREATE OR REPLACE VIEW " + CuratePlan.rawRelation(table) + " AS SELECT '" + file + "' AS source_file, *"
                + " FROM read_csv('" + DuckDbSqlEngine.sqlPath(folder.resolve("records.csv")) + "', header = false,"
                + " delim = ',', quote = '\"', escape = '\"', max_line_size = " + maxLine + ", strict_mode = true, auto_detect = false, new_line = '\\n',"
                + " columns = {'source_line': 'BIGINT', " + columns + "})");
        engine.execute("CREATE OR REPLACE VIEW " + CuratePlan.brokenRelation(table) + " AS SELECT '" + file + "' AS source_file, *"
                + " FROM read_csv('" + DuckDbSqlEngine.sqlPath(folder.resolve("broken.csv")) + "', header = false,"
                + " delim = ',', quote = '\"', escape = '\"', max_line_size = " + maxLine + ", strict_mode = true, auto_detect = false, new_line = '\\n',"
                + " columns = {'source_line': 'BIGINT', 'reject_rule': 'VARCHAR', 'raw_text': 'VARCHAR'})");
    }

    private static List<RejectShare.RuleCount> rulesBroken(DuckDbSqlEngine engine, String rejectsTable) throws SQLException {
        List<RejectShare.RuleCount> rules = new ArrayList<>();
        try (Statement statement = engine.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT reject_rule, count(*) FROM " + rejectsTable
                     + " GROUP BY reject_rule ORDER BY count(*) DESC, reject_rule")) {
            while (rs.next()) {
                rules.add(new RejectShare.RuleCount(rs.getString(1), rs.getLong(2)));
            }
        }
        return rules;
    }

    /** Checks the last of {@code curations} (that of {@code table}); the earlier ones are the tables it may refer to. */
    private static void enforceRejectLimit(StepContext context, List<TableCuration> curations, InstacartTable table) {
        TableCuration curation = curations.get(curations.size() - 1);
        List<RejectShare> upstream = curations.subList(0, curations.size() - 1).stream()
                .map(c -> c.rejectShare(InstacartTable.byTableName(c.table()))).toList();
        Optional<String> breach = curation.rejectShare(table).breach(context.config().ingest().maxRejectFraction(),
                context.lake(LakeLayout.rejects(table)).toString(), upstream);
        if (breach.isPresent()) {
            // A table that failed its limit must not be trusted by a later --from run.
            LocalLake.deleteRecursively(context.lake(LakeLayout.curated(table)));
            throw new UserError(breach.get());
        }
    }

    private static List<String> summaryLines(List<TableCuration> curations) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-22s %12s %12s %9s  %s", "table", "input", "accepted", "rejected", "commonest rule broken"));
        for (TableCuration c : curations) {
            String rule = c.rulesBroken().isEmpty() ? "-"
                    : c.rulesBroken().get(0).rule() + " (" + String.format("%,d", c.rulesBroken().get(0).rows()) + ")";
            lines.add(String.format("%-22s %,12d %,12d %,9d  %s", c.table(), c.input(), c.accepted(), c.rejected(), rule));
        }
        return lines;
    }
}
