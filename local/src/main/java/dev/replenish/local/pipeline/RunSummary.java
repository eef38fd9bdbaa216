package dev.replenish.local.pipeline;

import dev.replenish.local.evaluation.EvaluateStep;
import dev.replenish.local.features.FeaturesStep;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replenish.core.evaluation.Baseline;
import dev.replenish.core.evaluation.EvaluationMetrics;
import dev.replenish.core.evaluation.HtmlReport;
import dev.replenish.core.evaluation.MetricsJson;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.local.lake.LocalLake;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a run came to: per step the rows in, out and rejected, seconds and peak memory; the model's
 * metrics beside the baselines; where the report is. Written to {@code reports/<run>/run-summary.json}.
 * A resumed run (--from) keeps the earlier rows of the steps it did not run again, so the file
 * always describes every step of the run.
 *
 * @param metrics the evaluate step's metrics.json, if the run has one
 */
public record RunSummary(String runId, Path lakeRoot, List<StepRow> steps, Optional<EvaluationMetrics> metrics) {

    public static final String FILE_NAME = "run-summary.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One step's line of the summary. Counts the step did not report are -1.
     *
     * @param linesRead physical lines of the raw files (the catalog's), which its rows in, rejected and
     *                  the header, blank and continuation lines add up to
     * @param stepPeak  whether peakRssBytes is the step's own peak or the process's peak so far
     */
    public record StepRow(String step, double seconds, long linesRead, long rowsIn, long rowsOut, long rejected,
                          long peakRssBytes, boolean stepPeak, List<StepResult.RowCount> counts) {

        static StepRow of(LocalPipeline.StepOutcome outcome) {
            StepResult result = outcome.result();
            return new StepRow(outcome.step().id(), outcome.seconds(), result.total(StepResult.RowCount.Kind.LINES),
                    result.total(StepResult.RowCount.Kind.IN),
                    result.total(StepResult.RowCount.Kind.OUT), result.total(StepResult.RowCount.Kind.REJECTED),
                    outcome.peakRssBytes(), outcome.stepPeak(), result.counts());
        }
    }

    /** Merges the outcomes into the run's summary file, writes it, and returns the summary. */
    public static RunSummary record(StepContext context, List<LocalPipeline.StepOutcome> outcomes) {
        Path file = file(context.lakeRoot(), context.runId());
        List<StepRow> rows = new ArrayList<>(read(file));
        for (LocalPipeline.StepOutcome outcome : outcomes) {
            rows.removeIf(row -> row.step().equals(outcome.step().id()));
            rows.add(StepRow.of(outcome));
        }
        rows.sort(Comparator.comparing(row -> PipelineStep.byId(row.step()).ordinal()));
        RunSummary summary = new RunSummary(context.runId(), context.lakeRoot(), rows, metricsOf(context.lakeRoot(), context.runId()));
        summary.write(file);
        return summary;
    }

    public static Path file(Path lakeRoot, String runId) {
        return lakeRoot.resolve(LakeLayout.reports(runId)).resolve(FILE_NAME);
    }

    /** The report page of the run (written by the evaluate step). */
    public Path report() {
        return lakeRoot.resolve(LakeLayout.reports(runId)).resolve(HtmlReport.FILE_NAME).toAbsolutePath();
    }

    public Optional<StepRow> step(PipelineStep step) {
        return steps.stream().filter(row -> row.step().equals(step.id())).findFirst();
    }

    private static Optional<EvaluationMetrics> metricsOf(Path lakeRoot, String runId) {
        Path file = lakeRoot.resolve(LakeLayout.reports(runId)).resolve(MetricsJson.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(MetricsJson.read(Files.readString(file), file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    private static List<StepRow> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Arrays.asList(JSON.treeToValue(JSON.readTree(file.toFile()).get("steps"), StepRow[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    private void write(Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("runId", runId);
        root.put("lake", lakeRoot.toAbsolutePath().toString());
        root.set("steps", JSON.valueToTree(steps));
        metrics.ifPresent(m -> root.set("metrics", MetricsJson.toTree(m)));
        if (Files.isRegularFile(report())) {
            root.put("report", report().toString());
        }
        try {
            LocalLake.replaceFile(file, JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    /** The summary as the table the pipeline prints at the end. */
    public void print(PrintStream out) {
        out.printf("%n== run %s: summary%n", runId);
        out.printf("%-14s %14s %14s %14s %10s %9s %10s%n", "step", "lines read", "rows in", "rows out", "rejected", "seconds", "peak RSS");
        double total = 0;
        for (StepRow row : steps) {
            out.printf(Locale.ROOT, "%-14s %14s %14s %14s %10s %9.1f %10s%n", row.step(), count(row.linesRead()), count(row.rowsIn()),
                    count(row.rowsOut()), count(row.rejected()), row.seconds(),
                    row.peakRssBytes() < 0 ? "n/a" : ProcessMemory.gigabytes(row.peakRssBytes()));
            total += row.seconds();
        }
        out.printf(Locale.ROOT, "%-14s %14s %14s %14s %10s %9.1f%n", "all steps", "", "", "", "", total);
        FeaturesStep.CandidateCounts.read(lakeRoot.resolve(LakeLayout.reports(runId)))
                .ifPresent(counts -> out.println(counts.summaryLine()));
        metrics.ifPresent(m -> printMetrics(out, m));
        out.println("summary  " + file(lakeRoot, runId).toAbsolutePath());
        if (Files.isRegularFile(report())) {
            out.println("report   " + report());
        }
    }

    private static void printMetrics(PrintStream out, EvaluationMetrics metrics) {
        out.printf("%nmodel vs baselines (validation orders, %s)%n", MetricsJson.FILE_NAME);
        out.printf("%-20s %8s %8s %10s %10s %8s%n", "", "mean F1", "AUC", "recall@10", "ndcg@10", "phr@10");
        EvaluationMetrics.ModelScores model = metrics.model();
        out.printf(Locale.ROOT, "%-20s %8.4f %8.4f %10.4f %10.4f %8.4f%n", "model", model.meanF1(), model.auc(),
                model.ranking().recallAt10(), model.ranking().ndcgAt10(), model.ranking().phrAt10());
        for (Baseline baseline : Baseline.values()) {
            EvaluationMetrics.BaselineScores scores = metrics.baselines().get(baseline);
            boolean ranks = scores.ranking() != null;
            out.printf(Locale.ROOT, "%-20s %8.4f %8s %10s %10s %8s%n", baseline.key(), scores.meanF1(), "",
                    ranks ? String.format(Locale.ROOT, "%.4f", scores.ranking().recallAt10()) : "",
                    ranks ? String.format(Locale.ROOT, "%.4f", scores.ranking().ndcgAt10()) : "",
                    ranks ? String.format(Locale.ROOT, "%.4f", scores.ranking().phrAt10()) : "");
        }
        EvaluateStep.nextBasketLines(metrics).forEach(out::println);
    }

    private static String count(long rows) {
        return rows < 0 ? "-" : String.format(Locale.ROOT, "%,d", rows);
    }
}
