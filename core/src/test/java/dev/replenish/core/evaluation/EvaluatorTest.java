package dev.replenish.core.evaluation;

import dev.replenish.core.missions.ShoppingMissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.evaluation.EvaluationReport.FeatureGain;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three validation orders small enough to score by hand:
 * <pre>
 *   A (user 1): product 10 p=.9 re-ordered, 11 p=.6 not, 12 p=.2 re-ordered   truth {10,12}
 *   B (user 2): product 20 p=.3 not,         21 p=.1 not                       truth None
 *   C (user 3): product 30 p=.8 re-ordered                                     truth {30}
 * histories: user 1 last order {10,11}, by frequency 11,10,12, k=2
 *            user 2 last order {20},    by frequency 21,20,    k=0
 *            user 3 last order {30},    by frequency 30,       k=2
 * global popularity: 11, 20, 10, 12, 21, 99
 * </pre>
 */
class EvaluatorTest {

    private static final double CLOSE = 1e-9;

    private static List<ValidationOrder> orders() {
        return List.of(
                new ValidationOrder(1, 101, new long[]{10, 11, 12}, new double[]{0.9, 0.6, 0.2}, new boolean[]{true, false, true}),
                new ValidationOrder(2, 102, new long[]{20, 21}, new double[]{0.3, 0.1}, new boolean[]{false, false}),
                new ValidationOrder(3, 103, new long[]{30}, new double[]{0.8}, new boolean[]{true}));
    }

    private static Map<Long, UserHistory> histories() {
        return Map.of(
                1L, new UserHistory(1, List.of(10L, 11L), List.of(11L, 10L, 12L), 2),
                2L, new UserHistory(2, List.of(20L), List.of(21L, 20L), 0),
                3L, new UserHistory(3, List.of(30L), List.of(30L), 2));
    }

    private static final List<Long> POPULAR = List.of(11L, 20L, 10L, 12L, 21L, 99L);

    private static EvaluationReport evaluate() {
        return Evaluator.evaluate("r1", orders(), histories(), POPULAR,
                List.of(new FeatureGain("times_bought", 3.0), new FeatureGain("in_last_order", 7.5)));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void modelScoresMatchAHandComputation() {
        // GIVEN the three orders WHEN evaluated
        EvaluationMetrics.ModelScores model = evaluate().metrics().model();
        // THEN AUC: positives .9 .8 .2 against negatives .6 .3 .1 win 3 + 3 + 1 of 9 pairs
        assertEquals(7.0 / 9.0, model.auc(), CLOSE);
        // AND log-loss is the mean of -ln(p) over positives and -ln(1-p) over negatives
        double logloss = -(Math.log(0.9) + Math.log(0.4) + Math.log(0.2) + Math.log(0.7) + Math.log(0.9) + Math.log(0.8)) / 6;
        assertEquals(logloss, model.logloss(), CLOSE);
        // AND mean F1: A's best expected basket is {10,11} (E 0.7844 beats {10} 0.678 and all three 0.6928),
        // scoring F1 1/2; B's is None (P 0.63), scoring 1; C's is {30}, scoring 1
        assertEquals((0.5 + 1 + 1) / 3, model.meanF1(), CLOSE);
        // AND ranking metrics over A and C (B has no re-order): A ranks 10,11,12 with hits at 1 and 3
        double idealA = 1 + 1 / log2(3);
        assertEquals(1.0, model.ranking().recallAt10(), CLOSE);
        assertEquals(((1 + 1 / log2(4)) / idealA + 1) / 2, model.ranking().ndcgAt10(), CLOSE);
        assertEquals(1.0, model.ranking().phrAt20(), CLOSE);
    }

    @Test
    void baselineBasketsAndRankingsMatchAHandComputation() {
        // GIVEN the three orders WHEN evaluated
        Map<Baseline, EvaluationMetrics.BaselineScores> baselines = evaluate().metrics().baselines();
        // THEN repeat_last_order: A {10,11} 1/2; B {20} against None 0; C {30} 1
        assertEquals(0.5, baselines.get(Baseline.REPEAT_LAST_ORDER).meanF1(), CLOSE);
        // AND p_topfreq (k = 2, 0, 2): A {11,10} 1/2; B None 1; C {30} 1
        assertEquals(2.5 / 3, baselines.get(Baseline.P_TOPFREQ).meanF1(), CLOSE);
        // AND g_topfreq: A {11,20} 0; B None 1; C {11,20} 0
        assertEquals(1.0 / 3, baselines.get(Baseline.G_TOPFREQ).meanF1(), CLOSE);
        // AND gp_topfreq: A {11,10} 1/2; B None 1; C {30} filled up with 11: precision 1/2, recall 1, F1 2/3
        assertEquals((0.5 + 1 + 2.0 / 3) / 3, baselines.get(Baseline.GP_TOPFREQ).meanF1(), CLOSE);
        // AND threshold_0_5: A {10,11} 1/2; B None 1; C {30} 1
        assertEquals(2.5 / 3, baselines.get(Baseline.THRESHOLD_0_5).meanF1(), CLOSE);
        // AND g_topfreq's ranking finds A's 10 and 12 at ranks 3 and 4 and misses C's 30
        RankingScores global = baselines.get(Baseline.G_TOPFREQ).ranking();
        assertEquals(0.5, global.recallAt10(), CLOSE);
        assertEquals(0.5, global.phrAt10(), CLOSE);
        assertEquals((1 / log2(4) + 1 / log2(5)) / (1 + 1 / log2(3)) / 2, global.ndcgAt10(), CLOSE);
        // AND p_topfreq ranks A's 11,10,12: hits at 2 and 3
        assertEquals(((1 / log2(3) + 1 / log2(4)) / (1 + 1 / log2(3)) + 1) / 2,
                baselines.get(Baseline.P_TOPFREQ).ranking().ndcgAt20(), CLOSE);
        // AND the basket-only baselines have no ranking
        assertEquals(null, baselines.get(Baseline.REPEAT_LAST_ORDER).ranking());
    }

    @Test
    void metricsJsonHasExactlyTheFixedKeys() throws Exception {
        // GIVEN an evaluation WHEN written as metrics.json
        String json = MetricsJson.write(evaluate().metrics());
        // THEN its keys are exactly the published ones
        Set<String> ranking = Set.of("recall@10", "recall@20", "ndcg@10", "ndcg@20", "phr@10", "phr@20");
        Set<String> expected = new TreeSet<>();
        for (String key : List.of("mean_f1", "auc", "logloss")) {
            expected.add("model." + key);
        }
        ranking.forEach(key -> expected.add("model." + key));
        for (String name : List.of("repeat_last_order", "p_topfreq", "g_topfreq", "gp_topfreq", "threshold_0_5")) {
            expected.add("baselines." + name + ".mean_f1");
        }
        for (String name : List.of("p_topfreq", "g_topfreq", "gp_topfreq")) {
            ranking.forEach(key -> expected.add("baselines." + name + "." + key));
        }
        JsonNode root = new ObjectMapper().readTree(json);
        assertEquals(expected, leafPaths(root, ""));
        // AND the values are the evaluation's, e.g. the AUC computed by hand above
        assertEquals(7.0 / 9.0, root.path("model").path("auc").asDouble(), CLOSE);
        assertEquals(0.5, root.path("baselines").path("repeat_last_order").path("mean_f1").asDouble(), CLOSE);
        // AND it reads back to the same figures
        assertEquals(evaluate().metrics(), MetricsJson.read(json, "metrics.json"));
    }

    private static Set<String> leafPaths(JsonNode node, String prefix) {
        Set<String> paths = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            if (field.getValue().isObject()) {
                paths.addAll(leafPaths(field.getValue(), path));
            } else {
                assertTrue(field.getValue().isNumber(), path + " is " + field.getValue());
                paths.add(path);
            }
        }
        return paths;
    }

    @Test
    void anAucUndefinedForOneClassIsWrittenAsNull() {
        // GIVEN orders where nothing is re-ordered
        List<ValidationOrder> none = List.of(new ValidationOrder(2, 102, new long[]{20, 21}, new double[]{0.3, 0.1}, new boolean[]{false, false}));
        // WHEN evaluated and written
        EvaluationMetrics metrics = Evaluator.evaluate("r1", none, histories(), POPULAR, List.of()).metrics();
        String json = MetricsJson.write(metrics);
        // THEN AUC is null, not a made-up number, and reads back as NaN
        assertTrue(json.contains("\"auc\" : null"), json);
        assertTrue(Double.isNaN(MetricsJson.read(json, "m").model().auc()));
    }

    @Test
    void theReportCarriesCurvesGroupsAndImportanceLargestFirst() {
        // GIVEN the three orders WHEN evaluated
        EvaluationReport report = evaluate();
        // THEN the summary counts 3 orders, 6 candidates, half of them re-ordered, one "None" order
        assertEquals(3, report.summary().orders());
        assertEquals(6, report.summary().candidates());
        assertEquals(0.5, report.summary().positiveShare(), CLOSE);
        assertEquals(1, report.summary().noneOrders());
        // AND the precision-recall curve ends at recall 1 with precision 3/6
        EvaluationReport.PrecisionRecallPoint last = report.precisionRecall().get(report.precisionRecall().size() - 1);
        assertEquals(1.0, last.recall(), CLOSE);
        assertEquals(0.5, last.precision(), CLOSE);
        // AND its first point is the most confident candidate alone (0.9, a re-order): precision 1, recall 1/3
        assertEquals(1.0, report.precisionRecall().get(0).precision(), CLOSE);
        assertEquals(1.0 / 3, report.precisionRecall().get(0).recall(), CLOSE);
        // AND the calibration bin [0.8, 0.9) holds C's 0.8, observed 1
        EvaluationReport.CalibrationBin bin = report.calibration().get(8);
        assertEquals(1, bin.candidates());
        assertEquals(1.0, bin.observedRate(), CLOSE);
        // AND F1 by basket size groups B under None, C under 1 and A under 2-3
        List<String> labels = new ArrayList<>();
        report.f1ByBasketSize().forEach(group -> labels.add(group.label() + ":" + group.orders()));
        assertEquals(List.of("None:1", "1:1", "2-3:1"), labels);
        assertEquals(0.5, report.f1ByBasketSize().get(2).modelF1(), CLOSE);
        // AND feature importance is largest gain first
        assertEquals("in_last_order", report.featureImportance().get(0).feature());
    }

    @Test
    void theHtmlReportIsSelfContainedWithItsFourFiguresAndTheTable() {
        // GIVEN an evaluation WHEN rendered
        String html = HtmlReport.render(evaluate());
        // THEN it draws the four figures as inline SVG
        assertEquals(4, html.split("<svg ", -1).length - 1);
        for (String title : List.of("Feature importance (gain)", "Precision-recall curve", "Calibration", "Mean F1 by size")) {
            assertTrue(html.contains(title), title);
        }
        // AND the table names every baseline
        for (Baseline baseline : Baseline.values()) {
            assertTrue(html.contains(HtmlReport.escape(baseline.title())), baseline.key());
        }
        // AND nothing is fetched from anywhere: no script, no external source or stylesheet
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("src="));
        assertFalse(html.contains("href="));
        assertFalse(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").contains("http"));
    }

    @Test
    void theHtmlReportHasAMissionsSectionWithATableAndAChartOfTheirShares() {
        // GIVEN an evaluation and the run's two missions, one with a name that needs escaping
        ShoppingMissions missions = new ShoppingMissions("aisle", 900, 1_000, 2.5, List.of(
                new ShoppingMissions.Mission(1, "diapers wipes & baby food formula", 0.61,
                        List.of(new ShoppingMissions.Weighted(56, "diapers wipes", 0.4)),
                        List.of(new ShoppingMissions.Weighted(7, "Baby Wipes <Sensitive>", 0.1))),
                new ShoppingMissions.Mission(2, "beers coolers & chips pretzels", 0.39,
                        List.of(new ShoppingMissions.Weighted(27, "beers coolers", 0.5)),
                        List.of(new ShoppingMissions.Weighted(9, "Lager", 0.2)))));
        // WHEN rendered with them
        String html = HtmlReport.render(evaluate(), missions);
        // THEN a Missions section follows the figures, with a fifth chart (the shares), each mission's
        // name and share, its top aisles and products, escaped
        String section = html.substring(html.indexOf("<h2 id=\"missions\">Missions</h2>"));
        assertEquals(5, html.split("<svg ", -1).length - 1);
        assertTrue(section.contains("Share of orders by mission"));
        assertTrue(section.contains("1. diapers wipes &amp; baby food formula</td><td>61.0%</td>"), section);
        assertTrue(section.contains("2. beers coolers &amp; chips pretzels</td><td>39.0%</td>"), section);
        assertTrue(section.contains("Baby Wipes &lt;Sensitive&gt;"));
        assertTrue(section.contains("fitted on 900 orders"));
        assertFalse(section.contains("<Sensitive>"));
    }

    @Test
    void aReportOfARunWithoutMissionsSaysSoInItsMissionsSection() {
        // GIVEN an evaluation of a run whose join wrote no missions WHEN rendered
        String html = HtmlReport.render(evaluate(), null);
        // THEN the section is there and says how to get missions, and no mission chart is drawn
        assertTrue(html.contains("<h2 id=\"missions\">Missions</h2>\n<p>This run has no shopping missions"));
        assertEquals(4, html.split("<svg ", -1).length - 1);
    }

    /**
     * The three orders with explore candidates and whole target baskets:
     * <pre>
     *   A: + explore candidates 40 p=.7 (in the order) and 41 p=.05; target {10, 12, 40, 50} (50: no candidate)
     *   B: target {99} (new to user 2)
     *   C: target {30}
     * </pre>
     */
    private static EvaluationReport evaluateWithTargets() {
        List<ValidationOrder> orders = List.of(
                new ValidationOrder(1, 101, new long[]{10, 11, 12, 40, 41}, new double[]{0.9, 0.6, 0.2, 0.7, 0.05},
                        new boolean[]{true, false, true, true, false}),
                new ValidationOrder(2, 102, new long[]{20, 21}, new double[]{0.3, 0.1}, new boolean[]{false, false}),
                new ValidationOrder(3, 103, new long[]{30}, new double[]{0.8}, new boolean[]{true}));
        return Evaluator.evaluate("r1", orders, histories(), POPULAR, List.of(),
                Map.of(101L, Set.of(10L, 12L, 40L, 50L), 102L, Set.of(99L), 103L, Set.of(30L)));
    }

    @Test
    void wholeBasketMetricsSplitIntoRepeatAndExplorePartsAsWorkedByHand() {
        // GIVEN the orders with explore candidates and whole targets WHEN evaluated
        Map<NextBasketRanker, NextBasketScores> nextBasket = evaluateWithTargets().metrics().nextBasket();
        // THEN the model ranks A as 10, 40, 11, 12, 41: 3 of A's 4 target products, none of B's, C's one
        NextBasketScores model = nextBasket.get(NextBasketRanker.MODEL);
        assertEquals((0.75 + 0 + 1) / 3, model.whole().recallAt10(), CLOSE);
        // AND the repeat part is A's {10, 12} (positions 1 and 4) and C's {30}: both fully found
        assertEquals(2, model.repeatOrders());
        assertEquals(1.0, model.repeat().recallAt10(), CLOSE);
        assertEquals(((1 + 1 / log2(5)) / (1 + 1 / log2(3)) + 1) / 2, model.repeat().ndcgAt10(), CLOSE);
        // AND the explore part is A's {40, 50} (40 at position 2) and B's {99} (missed)
        assertEquals(2, model.exploreOrders());
        assertEquals((0.5 + 0) / 2, model.explore().recallAt10(), CLOSE);
        assertEquals((1 / log2(3) / (1 + 1 / log2(3)) + 0) / 2, model.explore().ndcgAt10(), CLOSE);
        assertEquals(0.5, model.explore().phrAt10(), CLOSE);
        // AND G-TopFreq (11, 20, 10, 12, 21, 99) finds A's 10 and 12 and B's 99, and C's 30 not at all
        NextBasketScores global = nextBasket.get(NextBasketRanker.G_TOPFREQ);
        assertEquals((0.5 + 1 + 0) / 3, global.whole().recallAt10(), CLOSE);
        assertEquals((1 + 0) / 2.0, global.repeat().recallAt10(), CLOSE);
        assertEquals((0 + 1) / 2.0, global.explore().recallAt10(), CLOSE);
        // AND P-TopFreq never explores
        assertEquals(0.0, nextBasket.get(NextBasketRanker.P_TOPFREQ).explore().recallAt20(), CLOSE);
    }

    @Test
    void exploreCandidatesLeaveTheReorderMetricsAlone() {
        // GIVEN A's extra explore candidate 40 at p=.7, which the expected-F1 basket would take if it could
        // WHEN evaluated
        EvaluationMetrics metrics = evaluateWithTargets().metrics();
        // THEN the re-order F1 and ranking are those of the repeat candidates alone (as in modelScoresMatchAHandComputation)
        assertEquals((0.5 + 1 + 1) / 3, metrics.model().meanF1(), CLOSE);
        double idealA = 1 + 1 / log2(3);
        assertEquals(((1 + 1 / log2(4)) / idealA + 1) / 2, metrics.model().ranking().ndcgAt10(), CLOSE);
        // AND AUC is over every candidate: positives .9 .8 .7 .2 against .6 .3 .1 .05 win 4+4+4+2 of 16 pairs
        assertEquals(14.0 / 16.0, metrics.model().auc(), CLOSE);
    }

    @Test
    void theNextBasketSectionSurvivesMetricsJson() {
        // GIVEN metrics with a next-basket section WHEN written and read back
        EvaluationMetrics metrics = evaluateWithTargets().metrics();
        EvaluationMetrics read = MetricsJson.read(MetricsJson.write(metrics), "metrics.json");
        // THEN every ranker's split is kept
        assertEquals(metrics.nextBasket(), read.nextBasket());
        assertEquals(NextBasketRanker.values().length, read.nextBasket().size());
    }

    @Test
    void userKnnBlendsTheUsersOwnSharesWithTheNearestUsersShares() {
        // GIVEN user 1 bought 10 twice and 11 once, user 2 10 and 12 once each, user 3 only 13
        Map<Long, UserHistory> histories = Map.of(
                1L, new UserHistory(1, List.of(10L), List.of(10L, 11L), 1, Map.of(10L, 2L, 11L, 1L)),
                2L, new UserHistory(2, List.of(12L), List.of(10L, 12L), 1, Map.of(10L, 1L, 12L, 1L)),
                3L, new UserHistory(3, List.of(13L), List.of(13L), 1, Map.of(13L, 1L)));
        // WHEN user 1's list is ranked
        List<Long> ranked = new UserKnn(histories).ranking(1, 20);
        // THEN 10 = .7 x 2/3 + .3 x 1/2, 11 = .7 x 1/3, 12 = .3 x 1/2 (user 2 is the only neighbour: user 3 shares nothing)
        assertEquals(List.of(10L, 11L, 12L), ranked);
    }

    @Test
    void userKnnCutsItsListAtTheLengthAskedBreakingEqualScoresBySmallerId() {
        // GIVEN user 1 bought 12 and 11 once each and shares nothing with user 2
        Map<Long, UserHistory> histories = Map.of(
                1L, new UserHistory(1, List.of(12L, 11L), List.of(12L, 11L), 2, Map.of(12L, 1L, 11L, 1L)),
                2L, new UserHistory(2, List.of(13L), List.of(13L), 1, Map.of(13L, 1L)));
        // WHEN user 1's list of one is ranked
        // THEN the two equal scores (.7 x 1/2) are broken by the smaller id, and only one product is given
        assertEquals(List.of(11L), new UserKnn(histories).ranking(1, 1));
        assertEquals(List.of(11L, 12L), new UserKnn(histories).ranking(1, 20));
    }
}
