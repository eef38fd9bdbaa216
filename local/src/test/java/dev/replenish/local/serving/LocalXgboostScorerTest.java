package dev.replenish.local.serving;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.serving.ModelVersion;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocalXgboostScorerTest {

    private static final int FEATURES = 6;

    /** Rows with every fifth value missing (NaN), as the feature store holds them. */
    private static float[] rows(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count * FEATURES];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 5 == 0 ? Float.NaN : random.nextFloat() * 10;
        }
        return values;
    }

    @Test
    void scoresEveryRowExactlyAsTheBoosterPredictsItsDMatrix() throws Exception {
        // GIVEN a booster trained with the project's parameters on rows with missing values
        float[] training = rows(2_000, 1);
        float[] labels = new float[2_000];
        for (int i = 0; i < labels.length; i++) {
            float first = training[i * FEATURES + 1];
            labels[i] = first > 5 || Float.isNaN(training[i * FEATURES]) ? 1 : 0;
        }
        DMatrix matrix = new DMatrix(training, 2_000, FEATURES, Float.NaN);
        matrix.setLabel(labels);
        Map<String, Object> parameters = new HashMap<>(ReplenishConfig.defaults().training().xgboostParameters(1));
        Booster booster = XGBoost.train(matrix, parameters, 30, Map.of(), null, null);
        LocalXgboostScorer scorer = new LocalXgboostScorer(booster, new ModelVersion("r1", "fingerprint"));
        // WHEN a user's candidates are scored, by four request threads at once
        float[] candidates = rows(150, 2);
        float[][] expected = booster.predict(new DMatrix(candidates, 150, FEATURES, Float.NaN));
        ExecutorService requests = Executors.newFixedThreadPool(4);
        try {
            java.util.List<Future<double[]>> answers = new java.util.ArrayList<>();
            for (int r = 0; r < 8; r++) {
                answers.add(requests.submit(() -> scorer.score(candidates, FEATURES)));
            }
            // THEN every answer is the DMatrix prediction, value for value
            for (Future<double[]> answer : answers) {
                double[] probabilities = answer.get();
                assertEquals(150, probabilities.length);
                for (int i = 0; i < 150; i++) {
                    assertEquals(expected[i][0], (float) probabilities[i], "candidate " + i);
                }
            }
        } finally {
            requests.shutdownNow();
        }
    }
}
