package dev.replenish.local.evaluation;

import dev.replenish.core.missions.ShoppingMissions;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.evaluation.Baseline;
import dev.replenish.core.evaluation.EvaluationMetrics;
import dev.replenish.core.evaluation.NextBasketScores;
import dev.replenish.core.evaluation.EvaluationReport;
import dev.replenish.core.evaluation.EvaluationReport.FeatureGain;
import dev.replenish.core.evaluation.Evaluator;
import dev.replenish.core.evaluation.HtmlReport;
import dev.replenish.core.evaluation.MetricsJson;
import dev.replenish.core.evaluation.UserHistory;
import dev.replenish.core.evaluation.ValidationOrder;
import dev.replenish.core.features.FeatureManifest;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.core.registry.ModelManifest;
import dev.replenish.local.UserError;
import dev.replenish.local.lake.LocalLake;
import dev.replenish.local.pipeline.LocalStep;
import dev.replenish.local.pipeline.StepContext;
import dev.replenish.local.pipeline.StepResult;
import dev.replenish.local.registry.LocalModelRegistry;
import dev.replenish.local.sql.DuckDbSettings;
import dev.replenish.local.sql.DuckDbSqlEngine;
import dev.replenish.local.training.LocalModel;
import dev.replenish.local.training.TrainingFiles;
import ml.dmlc.xgboost4j.java.Booster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluate step locally: scores the validation users with the run's model, computes the
 * metrics against the baselines ({@link Evaluator}, shared with the cloud), writes
 * {@code reports/<run>/metrics.json} and {@code index.html}, and records the metrics in the
 * model's manifest. DuckDB reads the lake; xgboost4j scores; everything else is core's.
 */
public final class EvaluateStep implements LocalStep {

    @Override
    public PipelineStep step() {
        return PipelineStep.EVALUATE;
    }

    @Override
    public StepResult run(StepContext context) throws Exception {
        String runId = context.runId();
        LocalModelRegistry registry = new LocalModelRegistry(context.lakeRoot());
        ModelManifest manifest = registry.read(runId);
        Path archive = registry.archive(runId);
        if (!Files.isRegularFile(archive)) {
            throw new UserError("run " + runId + " has no model at " + archive + ": run the train step first");
        }
        FeatureManifest features = TrainingFiles.featureManifest(context.lakeRoot(), runId);
        if (!features.fingerprint().equals(manifest.featureManifestFingerprint())) {
            throw new UserError("run " + runId + ": the model was trained on features " + manifest.featureManifestFingerprint()
                    + " but the join's manifest now lists " + features.fingerprint() + "; train again");
        }

        Booster booster = LocalModel.read(archive);
        List<ValidationOrder> orders;
        Map<Long, UserHistory> histories;
        List<Long> popular;
        Map<Long, java.util.Set<Long>> targets;
        try (DuckDbSqlEngine engine = DuckDbSqlEngine.open(context.lakeRoot(), DuckDbSettings.forThisMachine())) {
            engine.registerTable(ValidationScoring.RELATION, LakeLayout.training(runId, "evaluation"));
            engine.registerTable("orders", LakeLayout.curated(InstacartTable.ORDERS));
            engine.registerTable("order_products_prior", LakeLayout.curated(InstacartTable.ORDER_PRODUCTS_PRIOR));
            orders = ValidationScoring.score(engine, features, booster, runId);
            histories = BaselineHistory.histories(engine);
            popular = BaselineHistory.popularProducts(engine, histories);
            targets = BaselineHistory.targets(engine, context.lake(LakeLayout.evaluationTargets(runId)));
        }
        List<FeatureGain> importance = importance(booster, features);
        booster.dispose();

        EvaluationReport report = Evaluator.evaluate(runId, orders, histories, popular, importance, targets);
        Path reports = context.lake(LakeLayout.reports(runId));
        Files.createDirectories(reports);
        LocalLake.replaceFile(reports.resolve(MetricsJson.FILE_NAME), MetricsJson.write(report.metrics()));
        Path missionsDocument = context.lake(LakeLayout.missionsDocument(runId));
        ShoppingMissions missions = Files.exists(missionsDocument)
                ? ShoppingMissions.fromJson(Files.readString(missionsDocument), missionsDocument.toString()) : null;
        LocalLake.replaceFile(reports.resolve(HtmlReport.FILE_NAME), HtmlReport.render(report, missions));
        registry.write(manifest.withEvaluation(new ModelManifest.Evaluation(Instant.now().toString(), report.metrics())));
        return StepResult.of(summary(report, runId), List.of(
                StepResult.RowCount.in("training/evaluation (validation candidates)", report.summary().candidates()),
                StepResult.RowCount.out("validation orders scored", report.summary().orders())));
    }

    private static List<FeatureGain> importance(Booster booster, FeatureManifest features) throws Exception {
        // The model knows its features as f0, f1, ... (SageMaker's CSV has no header); the manifest names them.
        Map<String, Double> gain = booster.getScore(features.featureNames().toArray(String[]::new), "gain");
        List<FeatureGain> importance = new ArrayList<>();
        for (String feature : features.featureNames()) {
            importance.add(new FeatureGain(feature, gain.getOrDefault(feature, 0.0)));
        }
        return importance;
    }

    private static List<String> summary(EvaluationReport report, String runId) {
        EvaluationMetrics metrics = report.metrics();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "validation  %,d orders, %,d candidates", report.summary().orders(), report.summary().candidates()));
        lines.add(String.format(Locale.ROOT, "%-20s %8s %8s %8s %10s %10s", "", "mean F1", "AUC", "logloss", "recall@10", "ndcg@10"));
        lines.add(String.format(Locale.ROOT, "%-20s %8.4f %8.4f %8.4f %10.4f %10.4f", "model",
                metrics.model().meanF1(), metrics.model().auc(), metrics.model().logloss(),
                metrics.model().ranking().recallAt10(), metrics.model().ranking().ndcgAt10()));
        for (Baseline baseline : Baseline.values()) {
            EvaluationMetrics.BaselineScores scores = metrics.baselines().get(baseline);
            lines.add(String.format(Locale.ROOT, "%-20s %8.4f %8s %8s %10s %10s", baseline.key(), scores.meanF1(), "", "",
                    scores.ranking() == null ? "" : String.format(Locale.ROOT, "%.4f", scores.ranking().recallAt10()),
                    scores.ranking() == null ? "" : String.format(Locale.ROOT, "%.4f", scores.ranking().ndcgAt10())));
        }
        lines.addAll(nextBasketLines(metrics));
        var strongest = metrics.strongestBaseline();
        boolean beats = metrics.model().meanF1() > strongest.getValue().meanF1();
        lines.add(String.format(Locale.ROOT, "%s: model mean F1 %.4f vs best baseline %s %.4f",
                beats ? "beats every baseline" : "DOES NOT beat every baseline", metrics.model().meanF1(),
                strongest.getKey().key(), strongest.getValue().meanF1()));
        lines.add("report      " + LakeLayout.reports(runId) + HtmlReport.FILE_NAME + " and " + MetricsJson.FILE_NAME);
        return lines;
    }

    /** The whole-basket table: each ranker against the whole target and its repeat and explore parts. */
    public static List<String> nextBasketLines(EvaluationMetrics metrics) {
        List<String> lines = new ArrayList<>();
        if (metrics.nextBasket().isEmpty()) {
            return lines;
        }
        NextBasketScores any = metrics.nextBasket().values().iterator().next();
        lines.add(String.format(Locale.ROOT, "next basket (whole target; repeat part over %,d orders, explore part over %,d)",
                any.repeatOrders(), any.exploreOrders()));
        lines.add(String.format(Locale.ROOT, "%-20s %10s %10s %10s %10s %10s %10s", "", "recall@10", "repeat", "explore",
                "ndcg@10", "phr@10", "recall@20"));
        metrics.nextBasket().forEach((ranker, scores) -> lines.add(String.format(Locale.ROOT,
                "%-20s %10.4f %10.4f %10.4f %10.4f %10.4f %10.4f", ranker.key(), scores.whole().recallAt10(),
                scores.repeat().recallAt10(), scores.explore().recallAt10(), scores.whole().ndcgAt10(),
                scores.whole().phrAt10(), scores.whole().recallAt20())));
        return lines;
    }
}
