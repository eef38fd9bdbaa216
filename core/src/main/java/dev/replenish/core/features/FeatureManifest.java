package dev.replenish.core.features;

import dev.replenish.core.lake.LakeDocuments;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The feature columns, in order, that the join step wrote. Training input, feature-store items and
 * the API's encoding all follow this order; a mismatch is an error, never a silent re-order.
 *
 * @param runId    the run whose join step wrote it
 * @param label    the label column (first in the training CSV, absent from inference rows)
 * @param keys     the id columns of an inference row, in order
 * @param features the feature columns, in the order of the CSV columns after the label
 * @param fittedModels the models the join fitted on the way (missions, latent factors), saved for lineage
 */
public record FeatureManifest(String runId, String label, List<String> keys, List<Feature> features,
                              List<FittedModel> fittedModels) {

    /** The file name under {@code training/<run>/}. */
    public static final String FILE_NAME = "feature-manifest.json";

    /**
     * @param name   the column name
     * @param type   its SQL type as written (DOUBLE, BIGINT, INTEGER, BOOLEAN)
     * @param source the feature table it came from
     */
    public record Feature(String name, String type, String source) {
    }

    /**
     * A model the join fitted in Spark ML's format, kept under {@code models/<run>/}.
     *
     * @param name what it is for ({@code missions}, {@code latent-factors})
     * @param kind its Spark ML class ({@code LocalLDAModel}, {@code ALSModel})
     * @param key  its folder, relative to the lake root
     */
    public record FittedModel(String name, String kind, String key) {
    }

    /** A manifest of a join that fitted no model. */
    public FeatureManifest(String runId, String label, List<String> keys, List<Feature> features) {
        this(runId, label, keys, features, List.of());
    }

    public FeatureManifest {
        keys = List.copyOf(keys);
        features = List.copyOf(features);
        // A manifest written before the join fitted models has no such field.
        fittedModels = fittedModels == null ? List.of() : List.copyOf(fittedModels);
        Set<String> seen = new HashSet<>(keys);
        seen.add(label);
        for (Feature feature : features) {
            if (!seen.add(feature.name())) {
                throw new IllegalArgumentException("feature manifest: column '" + feature.name() + "' appears twice");
            }
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException("feature manifest: no feature columns");
        }
    }

    /**
     * The columns of the evaluation CSV (training/&lt;run&gt;/evaluation-csv/), which has no header:
     * the keys, the label, then the features. SageMaker batch transform scores it with the input
     * filter {@code $[keys+1:]} (features only) and joins the prediction to the input line, so the
     * order is fixed here, next to the feature order, and readers take it from the manifest.
     */
    public List<String> evaluationCsvColumns() {
        List<String> columns = new java.util.ArrayList<>(keys);
        columns.add(label);
        columns.addAll(featureNames());
        return List.copyOf(columns);
    }

    public List<String> featureNames() {
        return features.stream().map(Feature::name).toList();
    }

    /**
     * Fails, naming the first difference, unless {@code columns} are exactly this manifest's
     * features in order. Every reader of feature vectors calls this before trusting positions.
     */
    public void requireSameFeatures(List<String> columns, String where) {
        List<String> expected = featureNames();
        if (expected.equals(columns)) {
            return;
        }
        int i = 0;
        while (i < Math.min(expected.size(), columns.size()) && expected.get(i).equals(columns.get(i))) {
            i++;
        }
        String found = i < columns.size() ? "'" + columns.get(i) + "'" : "nothing";
        String wanted = i < expected.size() ? "'" + expected.get(i) + "'" : "nothing";
        throw new IllegalStateException(where + " does not follow the feature manifest of run " + runId
                + ": at position " + i + " it has " + found + " where the manifest has " + wanted
                + " (" + columns.size() + " columns vs " + expected.size() + ")");
    }

    /** A short fingerprint of the feature list, recorded with every model and feature-store item. */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Feature feature : features) {
                sha.update((feature.name() + ':' + feature.type() + '\n').getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }


    public String toJson() {
        return LakeDocuments.toJson(this);
    }

    public static FeatureManifest fromJson(String json, String source) {
        return LakeDocuments.readStrict(json, FeatureManifest.class, source, "a feature manifest");
    }
}
