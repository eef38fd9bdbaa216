package dev.replenish.glue.join;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

/**
 * One table of features/&lt;run&gt;/, with the key columns it is joined on (its grain) and its
 * feature columns in the order they appear.
 */
record FeatureTable(String name, Dataset<Row> rows, List<String> keys, List<String> featureColumns) {
}
