package dev.replenish.lambdas.evaluation;

import dev.replenish.core.evaluation.BaselineInputs;
import dev.replenish.core.evaluation.BaselineInputs.ProductPopularity;
import dev.replenish.core.evaluation.BaselineInputs.UserProductPurchase;
import dev.replenish.core.evaluation.EvaluationMetrics;
import dev.replenish.core.evaluation.ScoredCandidate;
import dev.replenish.core.features.FeatureManifest;

import java.util.List;
import dev.replenish.core.missions.ShoppingMissions;
import java.util.Optional;

/** What the cloud's evaluation reads from and writes to the lake, keyed as {@code LakeLayout} says. */
public interface EvaluationLake {

    /** {@code training/<run>/feature-manifest.json}, written by the join. */
    FeatureManifest featureManifest(String runId);

    /** The batch transform's scored validation rows ({@code training/<run>/evaluation-scores/}). */
    List<ScoredCandidate> scoredCandidates(String runId);

    /** The rows of user_product_history ({@code training/<run>/baselines/user_product_history/}). */
    List<UserProductPurchase> userProductHistory(String runId);

    /** The rows of product_popularity ({@code training/<run>/baselines/product_popularity/}). */
    List<ProductPopularity> productPopularity(String runId);

    /** The join's whole target baskets of the validation orders ({@code training/<run>/evaluation-targets/}). */
    List<BaselineInputs.TargetProduct> validationTargets(String runId);

    /** {@code training/<run>/missions/missions.json}, written by the join; empty for a run joined before missions existed. */
    Optional<ShoppingMissions> missions(String runId);

    /** {@code reports/<run>/metrics.json} of an evaluated run; empty when there is none. */
    Optional<EvaluationMetrics> metrics(String runId);

    /** Writes {@code reports/<run>/metrics.json} and {@code reports/<run>/index.html}. */
    void writeReport(String runId, String metricsJson, String html);
}
