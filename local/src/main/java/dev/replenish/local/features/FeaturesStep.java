package dev.replenish.local.features;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.local.UserError;
import dev.replenish.local.pipeline.LocalStep;
import dev.replenish.local.pipeline.StepContext;
import dev.replenish.local.pipeline.StepResult;
import dev.replenish.local.sql.DuckDbSettings;
import dev.replenish.local.sql.DuckDbSqlEngine;
import dev.replenish.sql.features.FeatureTable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the feature SQL of {@code sql/features/} on DuckDB over the curated Parquet, in the
 * dependency order {@link FeatureTable} declares, writing {@code features/<run>/<table>/}. The
 * Athena runtime runs the same files in the same order, one state per table.
 */
public final class FeaturesStep implements LocalStep {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What one feature table came to, for the summary and {@code reports/<run>/features.json}. */
    record FeatureTableRun(String table, String grain, long rows, double seconds, String lakeKey) {
    }

    @Override
    public PipelineStep step() {
        return PipelineStep.FEATURES;
    }

    @Override
    public StepResult run(StepContext context) throws Exception {
        List<FeatureTableRun> runs = new ArrayList<>();
        List<StepResult.RowCount> counts = new ArrayList<>();
        CandidateCounts sources;
        try (DuckDbSqlEngine engine = DuckDbSqlEngine.open(context.lakeRoot(), DuckDbSettings.forThisMachine())) {
            for (InstacartTable input : FeatureTable.INPUTS) {
                String key = LakeLayout.curated(input);
                if (!Files.isDirectory(context.lake(key))) {
                    throw new UserError("table " + input.tableName() + " is not curated under " + context.lake(key)
                            + ": run the curate step first");
                }
                engine.registerTable(input.tableName(), key);
                // A Parquet count is read from the files' footers: cheap even at full scale.
                counts.add(StepResult.RowCount.in("curated/" + input.tableName(),
                        engine.queryLong("SELECT count(*) FROM " + input.tableName())));
            }
            for (FeatureTable table : FeatureTable.values()) {
                long started = System.nanoTime();
                var query = table.query(context.runId(), context.config().candidateSources());
                long rows = engine.createTableAs(query);
                double seconds = (System.nanoTime() - started) / 1e9;
                context.out().printf("  %-24s %,12d rows %7.1f s%n", table.tableName(), rows, seconds);
                runs.add(new FeatureTableRun(table.tableName(), table.grain(), rows, seconds, query.lakeKey()));
                counts.add(StepResult.RowCount.out("features/" + table.tableName(), rows));
            }
            sources = CandidateCounts.of(engine);
        }
        Path report = context.lake(LakeLayout.reports(context.runId())).resolve("features.json");
        Files.createDirectories(report.getParent());
        JSON.writeValue(report.toFile(), runs);
        sources.write(report.getParent());
        List<String> lines = summaryLines(context, runs);
        lines.add(sources.summaryLine());
        return StepResult.of(lines, counts);
    }

    private static List<String> summaryLines(StepContext context, List<FeatureTableRun> runs) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-24s %12s %9s  %s", "table", "rows", "seconds", "grain"));
        double total = 0;
        for (FeatureTableRun run : runs) {
            lines.add(String.format("%-24s %,12d %9.1f  %s", run.table(), run.rows(), run.seconds(), run.grain()));
            total += run.seconds();
        }
        lines.add(String.format("%-24s %12s %9.1f  under %s", "all feature tables", "", total,
                context.lake(LakeLayout.featuresOfRun(context.runId()))));
        return lines;
    }

    /**
     * Candidates per source (a candidate two sources proposed counts for both): what the summary
     * shows. The features step writes the SQL sources' counts; the join rewrites the file with the
     * final candidates, its own two sources included.
     */
    public record CandidateCounts(long total, long history, long similar, long popular, long neighbours,
                                  long targetPopular) {

        /** {@code reports/<run>/candidates.json}: these counts, for the run summary. */
        public static final String FILE_NAME = "candidates.json";

        /** The counts a run's features step wrote, if it wrote them. */
        public static java.util.Optional<CandidateCounts> read(Path reports) {
            Path file = reports.resolve(FILE_NAME);
            if (!Files.isRegularFile(file)) {
                return java.util.Optional.empty();
            }
            try {
                return java.util.Optional.of(JSON.readValue(file.toFile(), CandidateCounts.class));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("reading " + file, e);
            }
        }

        static CandidateCounts of(DuckDbSqlEngine engine) {
            String table = FeatureTable.CANDIDATES.tableName();
            return new CandidateCounts(engine.queryLong("SELECT count(*) FROM " + table),
                    engine.queryLong("SELECT coalesce(sum(candidate_from_history), 0) FROM " + table),
                    engine.queryLong("SELECT coalesce(sum(candidate_from_similar), 0) FROM " + table),
                    engine.queryLong("SELECT coalesce(sum(candidate_from_popular), 0) FROM " + table), 0, 0);
        }

        /** Writes these counts as {@code reports/<run>/candidates.json}. */
        public void write(Path reports) throws java.io.IOException {
            Files.createDirectories(reports);
            JSON.writeValue(reports.resolve(FILE_NAME).toFile(), this);
        }

        public String summaryLine() {
            return String.format(java.util.Locale.ROOT,
                    "candidates %,d: %,d the user's own (repeat), %,d bought together, %,d popular now, %,d neighbours, "
                            + "%,d popular at target time (explore)",
                    total, history, similar, popular, neighbours, targetPopular);
        }
    }
}
