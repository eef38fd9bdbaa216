package dev.replenish.lambdas.evaluation;

import dev.replenish.core.evaluation.BaselineInputs;
import dev.replenish.core.evaluation.EvaluationReport;
import dev.replenish.core.evaluation.Evaluator;
import dev.replenish.core.evaluation.HtmlReport;
import dev.replenish.core.evaluation.MetricsJson;
import dev.replenish.core.evaluation.ScoredCandidate;
import dev.replenish.core.evaluation.UserHistory;
import dev.replenish.core.evaluation.ValidationOrder;
import dev.replenish.core.features.FeatureManifest;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.registry.ActiveModel;
import dev.replenish.core.registry.DeploymentGate;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cloud's evaluate step after SageMaker has scored the validation set and Athena has written
 * the baselines' inputs: the same {@link Evaluator}, {@link MetricsJson}, {@link HtmlReport} and
 * {@link DeploymentGate} as the local step, fed from the lake instead of DuckDB and xgboost4j.
 *
 * <p>The report has no feature-importance chart: the gain lives in the model, which only the
 * SageMaker container reads here.
 */
public final class EvaluationGate {

    /** The columns before the features in the evaluation CSV, which the transform's output filter keeps in front of the score. */
    static final List<String> TRANSFORM_KEPT_COLUMNS = List.of("user_id", "product_id", "order_id", "label");

    private final EvaluationLake lake;
    private final ServingRun servingRun;

    public EvaluationGate(EvaluationLake lake, ServingRun servingRun) {
        this.lake = lake;
        this.servingRun = servingRun;
    }

    /**
     * @param forceDeploy deploy even when the model does not beat the serving one (the decision
     *                    then says so, as {@code --force-deploy} does locally)
     */
    public GateDecision evaluate(String runId, boolean forceDeploy) {
        LakeLayout.requireRun(runId);
        FeatureManifest manifest = lake.featureManifest(runId);
        List<String> idsAndLabel = manifest.evaluationCsvColumns().subList(0, TRANSFORM_KEPT_COLUMNS.size());
        if (!idsAndLabel.equals(TRANSFORM_KEPT_COLUMNS)) {
            throw new IllegalStateException("run " + runId + ": the evaluation CSV starts with " + idsAndLabel
                    + ", but the batch transform keeps the columns " + TRANSFORM_KEPT_COLUMNS
                    + " (its filters are fixed in the state machine)");
        }
        List<ValidationOrder> orders = ScoredCandidate.group(lake.scoredCandidates(runId));
        Map<Long, UserHistory> histories = BaselineInputs.histories(lake.userProductHistory(runId));
        List<Long> popular = BaselineInputs.popularProducts(lake.productPopularity(runId), histories);
        EvaluationReport report = Evaluator.evaluate(runId, orders, histories, popular, List.of(),
                BaselineInputs.targets(lake.validationTargets(runId)));
        lake.writeReport(runId, MetricsJson.write(report.metrics()), HtmlReport.render(report, lake.missions(runId).orElse(null)));

        Optional<String> activeRun = servingRun.activeRunId();
        Optional<ActiveModel> active = activeRun.map(run -> new ActiveModel(run, lake.metrics(run)
                .orElseThrow(() -> new IllegalStateException("the endpoint serves run " + run + ", but "
                        + LakeLayout.reports(run) + MetricsJson.FILE_NAME + " does not exist in the lake: "
                        + "without its figures no model can be judged better; restore the file or delete the endpoint"))
                .model().meanF1(), null, false));
        DeploymentGate.Decision decision = DeploymentGate.decide(runId, report.metrics().model().meanF1(), active, forceDeploy);
        return new GateDecision(decision.activate(), decision.reason(), report.metrics(), manifest.fingerprint(),
                activeRun.orElse(null), report.summary().orders(), report.summary().candidates());
    }
}
