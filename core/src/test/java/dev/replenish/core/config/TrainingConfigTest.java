package dev.replenish.core.config;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingConfigTest {

    private static ReplenishConfig.Training fromFile(String trainingJson) {
        return ReplenishConfig.parse("test.json", "{\"training\": " + trainingJson + "}").training();
    }

    @Test
    void xgboost4jAndSageMakerGetTheSameNumbers() {
        // GIVEN a training section set in a file, with numbers that render differently if mishandled
        ReplenishConfig.Training training = fromFile("{\"maxDepth\": 7, \"eta\": 0.05, \"numRound\": 333, "
                + "\"earlyStoppingRounds\": 15, \"subsample\": 0.75, \"colsampleByTree\": 0.5, \"minChildWeight\": 12.5, "
                + "\"maxBin\": 128, \"seed\": 9, \"threads\": 3}");
        // WHEN both renderings are made
        Map<String, Object> local = training.xgboostParameters(2);
        Map<String, String> sageMaker = training.sageMakerHyperParameters();
        // THEN SageMaker gets exactly these hyper-parameters, written as its API takes them
        assertEquals(Map.ofEntries(
                Map.entry("objective", "binary:logistic"), Map.entry("eval_metric", "auc,logloss"),
                Map.entry("max_depth", "7"), Map.entry("eta", "0.05"), Map.entry("num_round", "333"),
                Map.entry("early_stopping_rounds", "15"), Map.entry("subsample", "0.75"),
                Map.entry("colsample_bytree", "0.5"), Map.entry("min_child_weight", "12.5"),
                Map.entry("tree_method", "hist"), Map.entry("max_bin", "128"), Map.entry("seed", "9"),
                Map.entry("nthread", "3")), sageMaker);
        // AND every booster parameter xgboost4j gets has the identical string on the SageMaker side
        for (Map.Entry<String, Object> entry : local.entrySet()) {
            assertEquals(sageMaker.get(entry.getKey()), entry.getValue().toString(), entry.getKey());
        }
        // AND what only SageMaker gets as hyper-parameters, the local loop takes from the same record
        Set<String> onlySageMaker = new HashSet<>(sageMaker.keySet());
        onlySageMaker.removeAll(local.keySet());
        assertEquals(Set.of("eval_metric", "num_round", "early_stopping_rounds"), onlySageMaker);
        assertEquals(List.of("auc", "logloss"), training.evalMetrics());
        assertEquals(333, training.numRound());
        assertEquals(15, training.earlyStoppingRounds());
    }

    @Test
    void zeroThreadsMeansEveryCoreLocallyAndTheInstanceDefaultOnSageMaker() {
        // GIVEN the default threads (0)
        ReplenishConfig.Training training = ReplenishConfig.defaults().training();
        // WHEN rendered for a 2-core machine THEN xgboost4j uses 2 threads
        assertEquals("2", training.xgboostParameters(2).get("nthread"));
        // AND SageMaker is not told a number, so the container uses the instance's cores
        assertFalse(training.sageMakerHyperParameters().containsKey("nthread"));
    }

    @Test
    void earlyStoppingWatchesTheLastMetricAsSageMakerDoes() {
        // GIVEN metrics listed logloss first, then auc
        ReplenishConfig.Training training = fromFile("{\"evalMetrics\": [\"logloss\", \"auc\"]}");
        // WHEN asked THEN auc is watched, and auc is maximised while logloss is minimised
        assertEquals("auc", training.stoppingMetric());
        assertTrue(ReplenishConfig.Training.maximises("auc"));
        assertFalse(ReplenishConfig.Training.maximises("logloss"));
    }

    @Test
    void anUnsupportedObjectiveOrMetricIsAnErrorNamingTheField() {
        // GIVEN a regression objective, or an unknown metric
        // WHEN parsed THEN the error names the field and what is allowed
        var objective = assertThrows(ReplenishConfig.ConfigException.class,
                () -> fromFile("{\"objective\": \"reg:squarederror\"}"));
        assertTrue(objective.getMessage().contains("binary:logistic"), objective.getMessage());
        var metric = assertThrows(ReplenishConfig.ConfigException.class,
                () -> fromFile("{\"evalMetrics\": [\"auc\", \"f1\"]}"));
        assertTrue(metric.getMessage().contains("training.evalMetrics"), metric.getMessage());
    }

    @Test
    void theDeploySectionDefaultsToTheGateAndAFileCanForceIt() {
        // GIVEN the defaults, and a file setting deploy.force
        // WHEN read THEN the gate is on by default and the file turns it off
        assertFalse(ReplenishConfig.defaults().deploy().force());
        assertTrue(ReplenishConfig.parse("f.json", "{\"deploy\": {\"force\": true}}").deploy().force());
    }
}
