package dev.replenish.local.evaluation;

import dev.replenish.core.evaluation.ScoredCandidate;
import dev.replenish.core.evaluation.ValidationOrder;
import dev.replenish.core.features.FeatureManifest;
import dev.replenish.local.sql.DuckDbSqlEngine;
import dev.replenish.sql.evaluation.BaselineQuery;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scores the join's evaluation rows ({@code training/<run>/evaluation/}: ids, eval_set, features
 * in manifest order, label) with the model, one batch of rows at a time, and groups them into
 * validation orders.
 */
final class ValidationScoring {

    /** The relation the evaluation rows are registered as (the history SQL reads it too). */
    static final String RELATION = BaselineQuery.VALIDATION_CANDIDATES;

    /** Rows scored per XGBoost call: big enough to amortise the call, small enough to bound memory. */
    static final int BATCH_ROWS = 65_536;

    private static final Set<String> NOT_FEATURES = Set.of("user_id", "product_id", "order_id", "eval_set", "label");

    private ValidationScoring() {
    }

    static List<ValidationOrder> score(DuckDbSqlEngine engine, FeatureManifest manifest, Booster booster, String runId)
            throws SQLException, XGBoostError {
        List<String> columns = new ArrayList<>();
        try (Statement statement = engine.connection().createStatement();
             ResultSet rs = statement.executeQuery("DESCRIBE " + RELATION)) {
            while (rs.next()) {
                String column = rs.getString(1);
                if (!NOT_FEATURES.contains(column)) {
                    columns.add(column);
                }
            }
        }
        manifest.requireSameFeatures(columns, "the evaluation rows of run " + runId);

        int features = columns.size();
        StringBuilder select = new StringBuilder("SELECT user_id, product_id, order_id, label");
        for (String column : columns) {
            select.append(", \"").append(column.replace("\"", "\"\"")).append('"');
        }
        select.append(" FROM ").append(RELATION);

        List<ScoredCandidate> scored = new ArrayList<>();
        float[] batch = new float[BATCH_ROWS * features];
        long[][] ids = new long[BATCH_ROWS][];
        boolean[] labels = new boolean[BATCH_ROWS];
        int rows = 0;
        try (Statement statement = engine.connection().createStatement();
             ResultSet rs = statement.executeQuery(select.toString())) {
            while (rs.next()) {
                ids[rows] = new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3)};
                int label = rs.getInt(4);
                if (rs.wasNull()) {
                    throw new IllegalStateException("run " + runId + ": an evaluation row of order " + ids[rows][2] + " has no label");
                }
                labels[rows] = label == 1;
                int offset = rows * features;
                for (int f = 0; f < features; f++) {
                    double value = rs.getDouble(5 + f);
                    batch[offset + f] = rs.wasNull() ? Float.NaN : (float) value;
                }
                rows++;
                if (rows == BATCH_ROWS) {
                    predict(booster, batch, rows, features, ids, labels, scored);
                    rows = 0;
                }
            }
        }
        if (rows > 0) {
            predict(booster, batch, rows, features, ids, labels, scored);
        }
        return ScoredCandidate.group(scored);
    }

    private static void predict(Booster booster, float[] batch, int rows, int features, long[][] ids, boolean[] labels,
                                List<ScoredCandidate> scored) throws XGBoostError {
        // NaN marks a missing value, as the CSV's empty field does in training.
        DMatrix matrix = new DMatrix(rows == BATCH_ROWS ? batch : java.util.Arrays.copyOf(batch, rows * features), rows, features, Float.NaN);
        try {
            float[][] predictions = booster.predict(matrix);
            for (int i = 0; i < rows; i++) {
                scored.add(new ScoredCandidate(ids[i][0], ids[i][1], ids[i][2], predictions[i][0], labels[i]));
            }
        } finally {
            matrix.dispose();
        }
    }
}
