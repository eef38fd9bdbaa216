package dev.replenish.glue.featurestore;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.features.FeatureManifest;
import dev.replenish.core.featurestore.CandidatePacking;
import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.featurestore.BatchWriteSettings;
import dev.replenish.featurestore.BatchWriter;
import dev.replenish.featurestore.DynamoTarget;
import dev.replenish.featurestore.FeatureStoreItems;
import dev.replenish.featurestore.LoadCounts;
import dev.replenish.glue.lake.SparkLake;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;

/**
 * The load-features step: one DynamoDB item per user from the join's inference rows, and the
 * product catalog. In AWS it runs as a Glue job (Spark spreads the 8.5 M rows and the writes over
 * the workers); locally the same class runs in Spark local mode against DynamoDB Local.
 *
 * <p>A user with more candidates than one item can hold ({@link CandidatePacking#maxCandidates})
 * keeps those with the highest value of the {@code trimBy} feature (ties: lower product id) and
 * is counted as trimmed, so DynamoDB never rejects an item at run time.
 */
public final class FeatureStoreLoadJob {

    /**
     * @param users          user items: read, written, retried, bytes
     * @param products       product catalog items
     * @param trimmedUsers   users who had more candidates than an item holds
     * @param largestUser    the most candidates any user has before trimming
     * @param largestItemKib the packed size of the largest item written, in KiB
     */
    public record Summary(LoadCounts users, LoadCounts products, long trimmedUsers, long largestUser, double largestItemKib) {
    }

    private FeatureStoreLoadJob() {
    }

    public static Summary run(SparkSession spark, String lakeRoot, String runId, DynamoTarget target,
                              BatchWriteSettings settings, String trimBy) {
        SparkLake lake = new SparkLake(spark, lakeRoot);
        FeatureManifest manifest = FeatureManifest.fromJson(
                lake.read(LakeLayout.featureManifest(runId)), "feature manifest of run " + runId);
        if (!manifest.featureNames().contains(trimBy)) {
            throw new IllegalArgumentException("featureStore.trimByFeature '" + trimBy + "' is not a feature of run "
                    + runId + "; features are " + manifest.featureNames());
        }
        Dataset<Row> inference = spark.read().parquet(lake.uri(LakeLayout.training(runId, "inference")));
        List<String> columns = Arrays.asList(inference.columns());
        int firstFeature = columns.indexOf("eval_set") + 1;
        manifest.requireSameFeatures(columns.subList(firstFeature, columns.size()), "the inference rows of run " + runId);

        int featureCount = manifest.features().size();
        int maxCandidates = CandidatePacking.maxCandidates(featureCount);
        long largestUser = inference.groupBy("user_id").agg(count("product_id").as("n")).agg(max("n")).head().getLong(0);

        List<Column> selected = new ArrayList<>(List.of(col("user_id"), col("product_id")));
        manifest.featureNames().forEach(name -> selected.add(col(name).cast(DataTypes.FloatType)));
        Dataset<Row> ordered = inference.select(selected.toArray(Column[]::new))
                .repartition(col("user_id"))
                .sortWithinPartitions(col("user_id"), col(trimBy).desc_nulls_last(), col("product_id"));

        Accumulators users = new Accumulators(spark, "users");
        String fingerprint = manifest.fingerprint();
        LongAccumulator trimmed = spark.sparkContext().longAccumulator("trimmed users");
        ordered.foreachPartition((ForeachPartitionFunction<Row>) rows -> {
            try (DynamoDbClient client = target.newClient()) {
                BatchWriter writer = new BatchWriter(client, target.featureTable(), settings);
                Iterator<Map<String, AttributeValue>> items = new UserItems(rows, runId, fingerprint, featureCount,
                        maxCandidates, trimmed);
                users.add(writer.write(items));
            }
        });

        Dataset<Row> catalog = spark.read().parquet(lake.uri(LakeLayout.curated(InstacartTable.PRODUCTS)))
                .join(spark.read().parquet(lake.uri(LakeLayout.curated(InstacartTable.AISLES))), "aisle_id")
                .join(spark.read().parquet(lake.uri(LakeLayout.curated(InstacartTable.DEPARTMENTS))), "department_id")
                .select("product_id", "product_name", "aisle", "department");
        Accumulators products = new Accumulators(spark, "products");
        catalog.foreachPartition((ForeachPartitionFunction<Row>) rows -> {
            try (DynamoDbClient client = target.newClient()) {
                BatchWriter writer = new BatchWriter(client, target.productTable(), settings);
                Iterator<Map<String, AttributeValue>> items = new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return rows.hasNext();
                    }

                    @Override
                    public Map<String, AttributeValue> next() {
                        Row row = rows.next();
                        return FeatureStoreItems.productItem(row.getLong(0), row.getString(1), row.getString(2), row.getString(3));
                    }
                };
                products.add(writer.write(items));
            }
        });

        Summary summary = new Summary(users.total(), products.total(), trimmed.value(), largestUser,
                Math.min(largestUser, maxCandidates) * (Long.BYTES + featureCount * Float.BYTES) / 1024.0);
        for (LoadCounts counts : List.of(summary.users(), summary.products())) {
            if (counts.written() != counts.read()) {
                throw new IllegalStateException("feature store load wrote " + counts.written() + " of " + counts.read() + " items");
            }
        }
        return summary;
    }

    /** Spark-side counters of one load (task results are added on the driver). */
    private static final class Accumulators implements java.io.Serializable {
        private final LongAccumulator read;
        private final LongAccumulator written;
        private final LongAccumulator retried;
        private final LongAccumulator bytes;

        Accumulators(SparkSession spark, String name) {
            read = spark.sparkContext().longAccumulator(name + " read");
            written = spark.sparkContext().longAccumulator(name + " written");
            retried = spark.sparkContext().longAccumulator(name + " retried");
            bytes = spark.sparkContext().longAccumulator(name + " bytes");
        }

        void add(LoadCounts counts) {
            read.add(counts.read());
            written.add(counts.written());
            retried.add(counts.retried());
            bytes.add(counts.bytes());
        }

        LoadCounts total() {
            return new LoadCounts(read.value(), written.value(), retried.value(), bytes.value());
        }
    }

    /** Turns rows sorted by user into one item per user, trimming to the item limit. */
    static final class UserItems implements Iterator<Map<String, AttributeValue>> {
        private final Iterator<Row> rows;
        private final String runId;
        private final String fingerprint;
        private final int featureCount;
        private final int maxCandidates;
        private final LongAccumulator trimmed;
        private Row lookahead;

        UserItems(Iterator<Row> rows, String runId, String fingerprint, int featureCount, int maxCandidates,
                  LongAccumulator trimmed) {
            this.rows = rows;
            this.runId = runId;
            this.fingerprint = fingerprint;
            this.featureCount = featureCount;
            this.maxCandidates = maxCandidates;
            this.trimmed = trimmed;
            this.lookahead = rows.hasNext() ? rows.next() : null;
        }

        @Override
        public boolean hasNext() {
            return lookahead != null;
        }

        @Override
        public Map<String, AttributeValue> next() {
            if (lookahead == null) {
                throw new NoSuchElementException();
            }
            long userId = lookahead.getLong(0);
            List<Long> products = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            boolean overLimit = false;
            while (lookahead != null && lookahead.getLong(0) == userId) {
                if (products.size() < maxCandidates) {
                    products.add(lookahead.getLong(1));
                    float[] vector = new float[featureCount];
                    for (int f = 0; f < featureCount; f++) {
                        vector[f] = lookahead.isNullAt(2 + f) ? Float.NaN : lookahead.getFloat(2 + f);
                    }
                    vectors.add(vector);
                } else {
                    overLimit = true;
                }
                lookahead = rows.hasNext() ? rows.next() : null;
            }
            if (overLimit) {
                trimmed.add(1);
            }
            float[] features = new float[products.size() * featureCount];
            for (int i = 0; i < vectors.size(); i++) {
                System.arraycopy(vectors.get(i), 0, features, i * featureCount, featureCount);
            }
            long[] ids = products.stream().mapToLong(Long::longValue).toArray();
            return FeatureStoreItems.toItem(new UserCandidates(userId, runId, fingerprint, ids, features, featureCount));
        }
    }
}
