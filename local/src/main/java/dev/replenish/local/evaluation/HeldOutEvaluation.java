package dev.replenish.local.evaluation;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.evaluation.EvaluationReport;
import dev.replenish.core.evaluation.Evaluator;
import dev.replenish.core.evaluation.UserHistory;
import dev.replenish.core.evaluation.ValidationOrder;
import dev.replenish.core.features.FeatureManifest;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.glue.join.JoinJob;
import dev.replenish.local.registry.LocalModelRegistry;
import dev.replenish.local.sql.DuckDbSettings;
import dev.replenish.local.sql.DuckDbSqlEngine;
import dev.replenish.local.training.LocalModel;
import dev.replenish.local.training.TrainingFiles;
import ml.dmlc.xgboost4j.java.Booster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores the {@code test} orders of a run (users whose targets were held out of the lake) with the
 * run's model, and evaluates them against those targets with the same {@link Evaluator} as the
 * evaluate step: the candidates are the join's inference rows, the baselines read the same SQL.
 * The targets enter only here, after every prediction is made.
 */
public final class HeldOutEvaluation {

    /**
     * @param report the evaluation of the test orders (its next-basket section is the reality check's figures)
     * @param orders the test orders as scored, labelled from the targets
     */
    public record Result(EvaluationReport report, List<ValidationOrder> orders) {
    }

    private HeldOutEvaluation() {
    }

    public static Result evaluate(Path lakeRoot, String runId, Map<Long, Set<Long>> targets) throws Exception {
        FeatureManifest manifest = TrainingFiles.featureManifest(lakeRoot, runId);
        Booster booster = LocalModel.read(new LocalModelRegistry(lakeRoot).archive(runId));
        List<ValidationOrder> scored;
        Map<Long, UserHistory> histories;
        List<Long> popular;
        try (DuckDbSqlEngine engine = DuckDbSqlEngine.open(lakeRoot, DuckDbSettings.forThisMachine())) {
            // The test orders' candidate rows, in the shape of the evaluation rows; their label is
            // unknown to the lake (null in the inference rows) and is set from the targets below, after scoring.
            // The recent orders and top missions are the feature store's, not features.
            engine.execute("CREATE OR REPLACE VIEW " + ValidationScoring.RELATION + " AS SELECT * EXCLUDE (split, "
                    + JoinJob.RECENT_ORDERS + ", " + JoinJob.TOP_MISSIONS + ") REPLACE (0 AS label) FROM read_parquet('"
                    + DuckDbSqlEngine.sqlPath(lakeRoot.resolve(LakeLayout.training(runId, JoinJob.INFERENCE))) + "/*.parquet') "
                    + "WHERE eval_set = 'test'");
            engine.registerTable("orders", LakeLayout.curated(InstacartTable.ORDERS));
            engine.registerTable("order_products_prior", LakeLayout.curated(InstacartTable.ORDER_PRODUCTS_PRIOR));
            scored = ValidationScoring.score(engine, manifest, booster, runId);
            histories = BaselineHistory.histories(engine);
            popular = BaselineHistory.popularProducts(engine, histories);
        } finally {
            booster.dispose();
        }
        List<ValidationOrder> labelled = new ArrayList<>();
        for (ValidationOrder order : scored) {
            Set<Long> target = targets.getOrDefault(order.orderId(), Set.of());
            boolean[] labels = new boolean[order.candidates()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = target.contains(order.productIds()[i]);
            }
            labelled.add(new ValidationOrder(order.userId(), order.orderId(), order.productIds(), order.probabilities(), labels));
        }
        if (labelled.size() != targets.size()) {
            throw new IllegalStateException("run " + runId + ": " + targets.size() + " test orders were held out but "
                    + labelled.size() + " have candidates to score");
        }
        return new Result(Evaluator.evaluate(runId, labelled, histories, popular, List.of(), targets), labelled);
    }
}
