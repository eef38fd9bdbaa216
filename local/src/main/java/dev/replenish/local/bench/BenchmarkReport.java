package dev.replenish.local.bench;

import dev.replenish.core.evaluation.Baseline;
import dev.replenish.core.evaluation.EvaluationMetrics;
import dev.replenish.local.pipeline.RunSummary;

import java.util.Locale;

/**
 * The benchmark section of docs/benchmarks.md. The section holds one block per scale between
 * markers; a run replaces only its own scale's block, so the three scales can be measured on
 * different days, and every other section of the file is left as it is.
 */
final class BenchmarkReport {

    static final String HEADING = "## Pipeline at three scales (issue 8)";

    private BenchmarkReport() {
    }

    static String start(BenchScale scale) {
        return "<!-- bench:" + scale.id() + ":start -->";
    }

    static String end(BenchScale scale) {
        return "<!-- bench:" + scale.id() + ":end -->";
    }

    /** The document with this scale's block replaced (the section is added first if missing). */
    static String replaceBlock(String document, BenchScale scale, String block) {
        String text = document.contains(HEADING) ? document : document.stripTrailing() + "\n\n" + emptySection();
        int from = text.indexOf(start(scale));
        int to = text.indexOf(end(scale));
        if (from < 0 || to < from) {
            throw new IllegalStateException("docs/benchmarks.md has the heading '" + HEADING + "' but not the markers "
                    + start(scale) + " ... " + end(scale));
        }
        return text.substring(0, from) + start(scale) + "\n" + block.strip() + "\n" + text.substring(to);
    }

    private static String emptySection() {
        StringBuilder section = new StringBuilder(HEADING).append("\n\n");
        section.append("""
                `replenish bench --scale small|medium|full` generates the data (cached by scale and seed under
                `bench-work/data/`, generation is not in the figures), runs all eight steps in one JVM on a fresh
                lake, and replaces its scale's block below. **seconds** is the step's wall time. **peak RSS** is
                the peak resident memory of the whole process during the step (JVM heap plus DuckDB's, Spark's
                and XGBoost's native memory): Linux's VmHWM, reset to the current RSS at the step's start by
                writing 5 to `/proc/self/clear_refs` and read at its end. The JVM keeps heap it has grown, so a
                step's peak includes what earlier steps left resident. **rows** are the counts the steps report
                (`reports/<run>/run-summary.json`): catalog raw records in and cataloged out (broken records
                rejected); curate records in, curated out, rejects; features curated rows in, feature rows out;
                join candidates in, train + validation + test rows out; train rows read; evaluate validation
                candidates in, orders scored out; load-features items read and written to the store.
                Benchmarks, not timed tests: rerun the command to check a figure; the load average is given
                because the machine is shared.

                """);
        for (BenchScale scale : BenchScale.values()) {
            section.append(start(scale)).append("\n_").append(scale.id()).append(": not measured yet_\n")
                    .append(end(scale)).append("\n\n");
        }
        return section.toString();
    }

    /** One scale's block: command, machine, load, the step table and the metrics. */
    static String block(BenchScale scale, String command, MachineDescription machine, String loadBefore,
                        String loadAfter, RunSummary summary, double processSeconds, double generationSeconds,
                        String date) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "### %s: %,d users%n%n", scale.id(), scale.users()));
        text.append("```\n").append(command).append("\n```\n\n");
        text.append("Measured ").append(date).append(" on ").append(machine.describe()).append(". Load average (1, 5, 15 min) ")
                .append(loadBefore).append(" at the start, ").append(loadAfter).append(" at the end.\n\n");
        text.append("| step | seconds | peak RSS | rows in | rows out | rejected |\n|---|---:|---:|---:|---:|---:|\n");
        double total = 0;
        long peak = -1;
        for (RunSummary.StepRow row : summary.steps()) {
            text.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %s | %s |%n", row.step(), row.seconds(),
                    gigabytes(row.peakRssBytes()), count(row.rowsIn()), count(row.rowsOut()), count(row.rejected())));
            total += row.seconds();
            peak = Math.max(peak, row.peakRssBytes());
        }
        text.append(String.format(Locale.ROOT, "| **all steps** | **%.1f** | **%s** | | | |%n%n", total, gigabytes(peak)));
        text.append(String.format(Locale.ROOT, "The process ran %.1f s from JVM start to the summary, %.1f s of it generating"
                + " or finding the cached data (not in the step table).%n%n", processSeconds, generationSeconds));
        summary.metrics().ifPresent(metrics -> appendMetrics(text, metrics));
        return text.toString();
    }

    private static void appendMetrics(StringBuilder text, EvaluationMetrics metrics) {
        text.append("Validation orders (`metrics.json`):\n\n| | mean F1 | AUC | recall@10 | ndcg@10 | phr@10 |\n|---|---:|---:|---:|---:|---:|\n");
        EvaluationMetrics.ModelScores model = metrics.model();
        text.append(String.format(Locale.ROOT, "| **model** | **%.4f** | %.4f | %.4f | %.4f | %.4f |%n", model.meanF1(), model.auc(),
                model.ranking().recallAt10(), model.ranking().ndcgAt10(), model.ranking().phrAt10()));
        for (Baseline baseline : Baseline.values()) {
            EvaluationMetrics.BaselineScores scores = metrics.baselines().get(baseline);
            boolean ranks = scores.ranking() != null;
            text.append(String.format(Locale.ROOT, "| %s | %.4f | | %s | %s | %s |%n", baseline.key(), scores.meanF1(),
                    ranks ? String.format(Locale.ROOT, "%.4f", scores.ranking().recallAt10()) : "",
                    ranks ? String.format(Locale.ROOT, "%.4f", scores.ranking().ndcgAt10()) : "",
                    ranks ? String.format(Locale.ROOT, "%.4f", scores.ranking().phrAt10()) : ""));
        }
        text.append('\n');
    }

    private static String gigabytes(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f GB", bytes / 1024.0 / 1024.0 / 1024.0);
    }

    private static String count(long rows) {
        return rows < 0 ? "" : String.format(Locale.ROOT, "%,d", rows);
    }
}
