package dev.replenish.glue.join;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.features.FeatureManifest;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.glue.factors.LatentFactors;
import dev.replenish.glue.lake.SparkLake;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The join step: one row per candidate (user, product) for every user whose next order is to be
 * predicted, with every feature table joined on the keys it
 * carries. Train users get a label (is the product in their train order?), split into training and
 * validation by a hash of user_id; test users get none. The same class runs on Glue 5.0 and in
 * Spark local mode.
 *
 * <p>Feature tables are discovered under {@code features/<run>/}: a table's grain is the set of
 * key columns it has ({@link #KEYS}), so a new feature table needs no change here. A table with
 * another {@code *_id} column is an intermediate of the features step and is not joined, nor is
 * {@value #RECENT_ORDERS_TABLE}, the users' past orders, which go packed into one column. The
 * candidates are the features step's {@value #CANDIDATES} table: the user's own products and the
 * explore products other sources proposed; the label is whether the product is in the train order,
 * re-ordered or new.
 */
public final class JoinJob {

    /** The columns a feature table may be keyed by; every other column is a feature. */
    static final List<String> KEYS = List.of("user_id", "product_id", "order_id", "aisle_id", "department_id");

    /** The ids of an inference row. */
    static final List<String> ROW_IDS = List.of("user_id", "product_id", "order_id");

    /** The features step's table of candidates (see candidateSource). */
    static final String CANDIDATES = "candidates";

    static final String LABEL = "label";
    static final String EVAL_SET = "eval_set";
    /** The row's split: train, validation (training users held out by a hash of user_id) or test. */
    static final String SPLIT = "split";
    /** training/<run>/inference/: every candidate row, each user's rows together (see run). */
    public static final String INFERENCE = "inference";
    /** training/<run>/evaluation-csv/: the validation rows with ids, for batch transform. */
    public static final String EVALUATION_CSV = "evaluation-csv";

    /**
     * The features step's table of each user's latest prior orders (sql/features/user_recent_orders.sql):
     * not features, so it is never joined as a feature table (see {@link RecentOrders}).
     */
    public static final String RECENT_ORDERS_TABLE = RecentOrders.TABLE;
    /**
     * The inference column after {@link #SPLIT}: the user's latest prior orders packed by
     * {@code OrderHistory.pack()}, on exactly one row per user (the row of the user's smallest
     * candidate product id), null on the others. Only the feature-store load reads it.
     */
    public static final String RECENT_ORDERS = RecentOrders.COLUMN;
    /**
     * The inference column after {@link #RECENT_ORDERS}: the user's main shopping missions packed by
     * {@code MissionProfile.pack()}, on the same one row per user, null on the others. Only the
     * feature-store load reads it.
     */
    public static final String TOP_MISSIONS = "user_top_missions";

    /** training/<run>/neighbour-votes/: the neighbour source's rows (see NeighbourSource). */
    public static final String NEIGHBOUR_VOTES = "neighbour-votes";
    /** Features named so are 0/1 flags saying which candidate source proposed the row. */
    static final String SOURCE_FLAG_PREFIX = "candidate_from_";
    /** The flags of the features step's SQL sources (sql/features/candidates.sql) and of the join's two. */
    public static final String FROM_HISTORY = "candidate_from_history";
    public static final String FROM_SIMILAR = "candidate_from_similar";
    public static final String FROM_POPULAR = "candidate_from_popular";
    public static final String FROM_NEIGHBOURS = NeighbourSource.FROM_NEIGHBOURS;
    public static final String FROM_TARGET_POPULAR = TargetShare.FROM_TARGET_POPULAR;

    /** Tables up to this size are broadcast to the joins (Spark's default is 10 MB). */
    static final long BROADCAST_BYTES = 64L << 20;

    /** Scale of the hash bucket used for the train / validation split (0.01% resolution). */
    private static final int SPLIT_BUCKETS = 10_000;

    private JoinJob() {
    }

    /** Glue (or spark-submit) entry: lakeRoot runId [validationFraction]. */
    public static void main(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: JoinJob <lake root: s3://bucket or a directory> <run id> [validation fraction]");
        }
        double validationFraction = args.length > 2 ? Double.parseDouble(args[2]) : 0.1;
        SparkSession spark = SparkSession.builder().appName("replenish-join").getOrCreate();
        System.out.println(run(spark, args[0], args[1], validationFraction));
    }

    /** Hadoop's switch for the committer's _SUCCESS marker. */
    static final String MARK_SUCCESSFUL_JOBS = "mapreduce.fileoutputcommitter.marksuccessfuljobs";

    /** With the default candidate sources ({@link ReplenishConfig#defaults()}). */
    public static JoinSummary run(SparkSession spark, String lakeRoot, String runId, double validationFraction) {
        return run(spark, lakeRoot, runId, validationFraction, ReplenishConfig.defaults().candidateSources());
    }

    /**
     * Glue's entry: the candidate sources as {@link ReplenishConfig.CandidateSources#toJson()}, the
     * missions' and latent factors' settings as their {@code toJson()}.
     */
    public static JoinSummary run(SparkSession spark, String lakeRoot, String runId, double validationFraction,
                                  String candidateSourcesJson, String missionsJson, String latentFactorsJson) {
        return run(spark, lakeRoot, runId, validationFraction, ReplenishConfig.CandidateSources.fromJson(candidateSourcesJson),
                ReplenishConfig.Missions.fromJson(missionsJson), ReplenishConfig.LatentFactors.fromJson(latentFactorsJson));
    }

    /** With the default missions and latent factors. */
    public static JoinSummary run(SparkSession spark, String lakeRoot, String runId, double validationFraction,
                                  ReplenishConfig.CandidateSources sources) {
        ReplenishConfig.Join defaults = ReplenishConfig.defaults().join();
        return run(spark, lakeRoot, runId, validationFraction, sources, defaults.missions(), defaults.latentFactors());
    }

    /**
     * @param sources       the candidate sources; the join computes the neighbour, target-popular and
     *                      latent-factor ones (the features step's SQL has computed the others)
     * @param missionSettings the shopping missions (always found; features when asked)
     * @param factorSettings  the latent factors (fitted when a feature or a source uses them)
     */
    public static JoinSummary run(SparkSession spark, String lakeRoot, String runId, double validationFraction,
                                  ReplenishConfig.CandidateSources sources, ReplenishConfig.Missions missionSettings,
                                  ReplenishConfig.LatentFactors factorSettings) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be between 0 and 1 (exclusive), was " + validationFraction);
        }
        SparkLake lake = new SparkLake(spark, lakeRoot);
        // User-level tables (206,209 rows at Instacart's size, a few MB each) are broadcast rather than
        // joined by shuffling the candidate table, which is 75 times longer, once per table.
        spark.conf().set("spark.sql.autoBroadcastJoinThreshold", Long.toString(BROADCAST_BYTES));
        // The candidates are hashed by user once, and that partitioning serves every later step: the
        // joins on (user_id, product_id) shuffle only the feature table's side, and the per-user
        // output order needs no shuffle of its own. Spark's default would hash both sides of each
        // join on both keys again (three more shuffles of the 60-column candidate table).
        spark.conf().set("spark.sql.requireAllClusterKeysForCoPartition", "false");
        List<FeatureTable> tables = new ArrayList<>(discoverFeatureTables(spark, lake, runId));
        String recentOrdersKey = LakeLayout.features(runId, RECENT_ORDERS_TABLE);
        if (!lake.exists(recentOrdersKey)) {
            throw new IllegalStateException("run " + runId + " has no " + RECENT_ORDERS_TABLE + " table (" + lake.uri(recentOrdersKey)
                    + "): run its features step again; the feature store serves each user's recent orders from it");
        }
        FeatureTable userProduct = candidateSource(tables, runId);

        // The neighbour source, written under the run's training/ prefix and joined like a feature
        // table; its explore products join the candidates of the features step.
        FeatureTable vectors = tables.stream().filter(t -> t.name().equals(NeighbourSource.VECTORS)).findFirst()
                .orElseThrow(() -> new IllegalStateException("run " + runId + " has no feature table "
                        + NeighbourSource.VECTORS + ": the neighbour source reads its users' vectors from it"));
        String neighbourKey = LakeLayout.training(runId, NEIGHBOUR_VOTES);
        Phases phases = new Phases();
        NeighbourSource.votes(vectors.rows(), sources.neighbourVotes()).write().mode(SaveMode.Overwrite).parquet(lake.uri(neighbourKey));
        phases.done("neighbour votes");
        Dataset<Row> neighbours = spark.read().parquet(lake.uri(neighbourKey));
        tables.add(new FeatureTable(NeighbourSource.TABLE, neighbours, List.of("user_id", "product_id"),
                List.of(NeighbourSource.FROM_NEIGHBOURS, NeighbourSource.VOTE, NeighbourSource.EXPLORE_RANK)));

        // The models fitted on prior purchases: the missions every run (their profiles are an output
        // of their own), the latent factors only when a feature or a source uses them.
        List<FeatureManifest.FittedModel> fittedModels = new ArrayList<>();
        PurchaseModels.FoundMissions missions = PurchaseModels.missions(spark, lake, runId, missionSettings, fittedModels);
        if (missionSettings.features()) {
            tables.add(missions.userTable());
        }
        phases.done("missions (LDA)");
        LatentFactors.FittedFactors factors = null;
        Dataset<Row> factorCandidates = null;
        if (factorSettings.used()) {
            Dataset<Row> purchases = PurchaseModels.purchases(vectors.rows());
            factors = PurchaseModels.latentFactors(lake, runId, purchases, factorSettings, fittedModels);
            if (factorSettings.candidates() > 0) {
                String factorKey = LakeLayout.training(runId, PurchaseModels.FACTOR_CANDIDATES);
                factors.exploreCandidates(purchases, factorSettings.candidates())
                        .select("user_id", "product_id", LatentFactors.FROM_FACTORS, LatentFactors.EXPLORE_RANK)
                        .write().mode(SaveMode.Overwrite).parquet(lake.uri(factorKey));
                factorCandidates = spark.read().parquet(lake.uri(factorKey));
                tables.add(new FeatureTable(PurchaseModels.FACTOR_CANDIDATES_TABLE, factorCandidates, List.of("user_id", "product_id"),
                        List.of(LatentFactors.FROM_FACTORS, LatentFactors.EXPLORE_RANK)));
            }
            phases.done("latent factors (ALS)");
        }
        Dataset<Row> products = spark.read().parquet(lake.uri(LakeLayout.curated(InstacartTable.PRODUCTS)))
                .select("product_id", "aisle_id", "department_id");
        // Train-order lines are used for the labels, and for the target features and the target-popular
        // source, which read training users' lines only.
        Dataset<Row> labels = spark.read().parquet(lake.uri(LakeLayout.curated(InstacartTable.ORDER_PRODUCTS_TRAIN)))
                .select(col("order_id"), col("product_id"), lit(1).as("in_train_order"));
        Column validation = pmod(xxhash64(col("user_id")), lit(SPLIT_BUCKETS)).lt(lit((long) Math.round(validationFraction * SPLIT_BUCKETS)));
        Dataset<Row> targets = spark.read().parquet(lake.uri(LakeLayout.curated(InstacartTable.ORDERS)))
                .where(col(EVAL_SET).isin("train", "test"))
                .select(col("user_id"), col("order_id"), col(EVAL_SET))
                .withColumn(SPLIT, when(col(EVAL_SET).equalTo("test"), lit("test"))
                        .when(validation, lit("validation")).otherwise(lit("train")));

        // The candidates, each once, with whether the user bought the product before (repeat: the
        // neighbour source has a row for every product of the user's history, flagged 0) and whether
        // the target-popular source proposed it (only for a product new to the user).
        Dataset<Row> targetPopular = TargetShare.popularCandidates(targets, labels, sources.targetPopularCandidates());
        Dataset<Row> proposed = userProduct.rows()
                .select(col("user_id"), col("product_id"), lit(0).as("repeat"), lit(0).as("popular"), lit(null).cast("long").as("popular_rank"))
                .union(neighbours.select(col("user_id"), col("product_id"),
                        when(col(NeighbourSource.FROM_NEIGHBOURS).equalTo(0), 1).otherwise(0).as("repeat"),
                        lit(0).as("popular"), lit(null).cast("long").as("popular_rank")))
                .union(targetPopular.select(col("user_id"), col("product_id"), lit(0).as("repeat"), lit(1).as("popular"),
                        col("popular_rank")));
        if (factorCandidates != null) {
            proposed = proposed.union(factorCandidates.select(col("user_id"), col("product_id"), lit(0).as("repeat"),
                    lit(0).as("popular"), lit(null).cast("long").as("popular_rank")));
        }
        Dataset<Row> candidateKeys = proposed
                .repartition(col("user_id"))
                .groupBy("user_id", "product_id")
                .agg(max(col("repeat")).as("repeat"), max(col("popular")).as("popular"), min(col("popular_rank")).as("popular_rank"))
                .withColumn(TargetShare.FROM_TARGET_POPULAR, when(col("repeat").equalTo(1), lit(0)).otherwise(col("popular")))
                .withColumn(TargetShare.TARGET_POPULAR_RANK, when(col("repeat").equalTo(0), col("popular_rank")))
                .drop("popular", "popular_rank");

        Dataset<Row> candidates = candidateKeys
                .join(targets, "user_id")
                .join(products, "product_id")
                .join(labels, seq("order_id", "product_id"), "left")
                .withColumn(LABEL, when(col(EVAL_SET).equalTo("train"), coalesce(col("in_train_order"), lit(0))))
                .drop("in_train_order");
        // Kept: the count below and the target share both read it, and it holds the distinct of two sources.
        Dataset<Row> persisted = candidates.persist(StorageLevel.MEMORY_AND_DISK());
        long candidateRows = persisted.count();
        phases.done("candidates");
        // Each user's recent orders, packed, keyed by the row of the user's smallest product id. Grouped
        // by user, like the candidates, so joining them below shuffles only the orders table.
        // The user's main missions travel on the same row.
        Dataset<Row> recentOrders = RecentOrders.onFirstRowOfEachUser(persisted, spark.read().parquet(lake.uri(recentOrdersKey)))
                .join(missions.topMissions(), seq("user_id"), "left");
        candidates = TargetShare.addTo(persisted, labels);
        // Features of each candidate from the fitted models: the product's affinity to the user's
        // missions and the user . product factor score.
        if (missionSettings.features()) {
            tables.add(missions.affinityTable(persisted));
        }
        if (factors != null && factorSettings.feature()) {
            tables.add(new FeatureTable(PurchaseModels.FACTOR_SCORES_TABLE, factors.scores(persisted), List.of("user_id", "product_id"),
                    List.of(LatentFactors.SCORE)));
        }
        tables.sort(Comparator.comparing(FeatureTable::name));

        List<FeatureManifest.Feature> features = new ArrayList<>();
        Map<String, Integer> nameUses = countFeatureNames(tables);
        Dataset<Row> joined = candidates;
        for (FeatureTable table : tables) {
            List<Column> selected = new ArrayList<>();
            table.keys().forEach(key -> selected.add(col(key)));
            for (String column : table.featureColumns()) {
                // A name two tables share is qualified by its table, so the manifest stays unambiguous.
                String name = nameUses.get(column) > 1 ? table.name() + "__" + column : column;
                DataType type = table.rows().schema().apply(column).dataType();
                Column value = col(column);
                if (type instanceof BooleanType) {
                    value = value.cast(DataTypes.IntegerType);
                    type = DataTypes.IntegerType;
                } else if (type instanceof DecimalType) {
                    value = value.cast(DataTypes.DoubleType);
                    type = DataTypes.DoubleType;
                }
                selected.add(value.as(name));
                features.add(new FeatureManifest.Feature(name, sqlType(type), table.name()));
            }
            joined = joined.join(table.rows().select(selected.toArray(Column[]::new)), seq(table.keys()), "left");
        }
        // The recent orders go on their row (null on the user's other rows). A hash join, whose build
        // side is one small row per user of the partition, adds no sort of the wide rows, as a
        // sort-merge join would (checked in the plan: no exchange on the candidates' side either).
        joined = joined.join(recentOrders.hint("shuffle_hash"), seq("user_id", "product_id"), "left");
        // A source that did not propose a candidate says so with 0, not with a missing value.
        for (FeatureManifest.Feature feature : features) {
            if (feature.name().startsWith(SOURCE_FLAG_PREFIX)) {
                joined = joined.withColumn(feature.name(), coalesce(col(feature.name()), lit(0)));
            }
        }
        features.add(new FeatureManifest.Feature(TargetShare.FROM_TARGET_POPULAR, "INTEGER", TargetShare.SOURCE));
        features.add(new FeatureManifest.Feature(TargetShare.TARGET_POPULAR_RANK, "BIGINT", TargetShare.SOURCE));
        TargetShare.FEATURES.forEach(name -> features.add(new FeatureManifest.Feature(name, "DOUBLE", TargetShare.SOURCE)));
        FeatureManifest manifest = new FeatureManifest(runId, LABEL, ROW_IDS, features, fittedModels);
        List<Column> featureColumns = manifest.featureNames().stream().map(name -> col(name)).toList();

        // The joined rows are written once, as the inference table, and every other output is read
        // from it: the joins run once, and the row counts cost nothing extra. After the features come
        // the row's label (null for test users) and split: the training outputs filter on them, and
        // the feature store and scoring read the features by name. Last, the user's recent orders and
        // main missions (one row per user), which only the feature store reads.
        List<String> inferenceNames = new ArrayList<>(ROW_IDS);
        inferenceNames.add(EVAL_SET);
        inferenceNames.addAll(manifest.featureNames());
        inferenceNames.add(LABEL);
        inferenceNames.add(SPLIT);
        inferenceNames.add(RECENT_ORDERS);
        inferenceNames.add(TOP_MISSIONS);
        // XGBoost reads every feature as float32 (the CSV parser, the DMatrix of scoring, the feature
        // store's packed vectors), so the tables hold that float: the model input is unchanged, and
        // the rows are half the bytes to write, read and format as CSV text (a double is 17 digits).
        StructType joinedSchema = joined.schema();
        Column[] allColumns = inferenceNames.stream()
                .map(name -> joinedSchema.apply(name).dataType() instanceof DoubleType
                        ? col(name).cast(DataTypes.FloatType).as(name) : col(name))
                .toArray(Column[]::new);
        String inferenceUri = lake.uri(LakeLayout.training(runId, INFERENCE));
        // Rows in a fixed order (users by hash into partitions, then by user and product): the engines
        // upstream write rows in any order, and XGBoost's row sampling follows the order it reads, so
        // without this the same inputs could train a different model. The candidates are already
        // hashed by user (above), so this costs a sort, not a shuffle; and each user's inference rows
        // lie together, which lets the feature-store load build items without a shuffle.
        joined.select(allColumns)
                .repartition(col("user_id")).sortWithinPartitions("user_id", "product_id")
                .write().mode(SaveMode.Overwrite).parquet(inferenceUri);
        persisted.unpersist();
        missions.fitted().unpersist();
        Dataset<Row> all = spark.read().parquet(inferenceUri);
        phases.done("feature tables joined, sorted per user");
        List<String> sourceFlags = features.stream().map(FeatureManifest.Feature::name)
                .filter(name -> name.startsWith(SOURCE_FLAG_PREFIX)).toList();
        List<Column> aggregates = new ArrayList<>(List.of(
                sum(when(col(SPLIT).equalTo("train"), 1).otherwise(0)),
                sum(when(col(SPLIT).equalTo("validation"), 1).otherwise(0)),
                avg(col(LABEL)),
                count(col(RECENT_ORDERS))));
        sourceFlags.forEach(flag -> aggregates.add(sum(col(flag).cast("long"))));
        Row counts = all.agg(count(lit(1)), aggregates.toArray(Column[]::new)).head();
        long written = counts.getLong(0);
        Map<String, Long> proposedBy = new java.util.LinkedHashMap<>();
        for (int i = 0; i < sourceFlags.size(); i++) {
            proposedBy.put(sourceFlags.get(i), counts.isNullAt(5 + i) ? 0L : counts.getLong(5 + i));
        }
        JoinSummary summary = new JoinSummary(candidateRows, counts.getLong(1), counts.getLong(2), written,
                counts.isNullAt(3) ? 0.0 : counts.getDouble(3), features.size(), proposedBy, counts.getLong(4),
                missions.count(), fittedModels.stream().map(FeatureManifest.FittedModel::key).toList());
        if (written != candidateRows) {
            throw new IllegalStateException("a feature table has more than one row per key: the join turned "
                    + candidateRows + " candidates into " + written + " rows; check the grain of " + tables.stream().map(FeatureTable::name).toList());
        }

        List<Column> trainingColumns = new ArrayList<>();
        trainingColumns.add(col(LABEL));
        trainingColumns.addAll(featureColumns);
        // The validation rows (a tenth of the training users) feed four outputs: read once, without
        // the recent orders and top missions, which no training or evaluation output holds.
        Dataset<Row> validationRows = all.where(col(SPLIT).equalTo("validation")).drop(RECENT_ORDERS, TOP_MISSIONS)
                .persist(StorageLevel.MEMORY_AND_DISK());
        phases.done("counts");
        writeCsv(all.where(col(SPLIT).equalTo("train")).select(trainingColumns.toArray(Column[]::new)),
                lake.uri(LakeLayout.training(runId, "train")));
        writeCsv(validationRows.select(trainingColumns.toArray(Column[]::new)), lake.uri(LakeLayout.training(runId, "validation")));
        // The validation rows again, with their ids: evaluation scores them per user and order.
        validationRows.drop(SPLIT)
                .write().mode(SaveMode.Overwrite).parquet(lake.uri(LakeLayout.training(runId, "evaluation")));
        // The same rows as CSV for SageMaker batch transform in the cloud evaluation. No header: the
        // built-in XGBoost container parses every line of a text/csv request as numbers (a header
        // line would fail the job) and the input filter selects columns by position, so the order
        // is the manifest's evaluationCsvColumns (keys, label, features).
        List<Column> evaluationCsvColumns = manifest.evaluationCsvColumns().stream().map(name -> col(name)).toList();
        writeCsv(validationRows.select(evaluationCsvColumns.toArray(Column[]::new)),
                lake.uri(LakeLayout.training(runId, EVALUATION_CSV)));

        // The validation orders' whole target baskets, for next-basket metrics over every product
        // bought (a product no candidate proposed counts against recall). Labels only: no feature
        // reads them.
        Dataset<Row> validationOrders = validationRows.select("order_id").distinct();
        writeCsv(spark.read().parquet(lake.uri(LakeLayout.curated(InstacartTable.ORDER_PRODUCTS_TRAIN)))
                        .select("order_id", "product_id").join(validationOrders, "order_id"),
                lake.uri(LakeLayout.evaluationTargets(runId)));
        validationRows.unpersist();

        phases.done("outputs written");
        lake.write(LakeLayout.featureManifest(runId), manifest.toJson());

        return summary;
    }

    /** Wall time per phase, printed as it ends: the Glue job's log and the local step's output. */
    private static final class Phases {
        private long started = System.nanoTime();

        void done(String phase) {
            long now = System.nanoTime();
            System.out.printf(java.util.Locale.ROOT, "  join: %-40s %7.1f s%n", phase, (now - started) / 1e9);
            started = now;
        }
    }

    private static void writeCsv(Dataset<Row> rows, String uri) {
        // SageMaker's built-in XGBoost reads every object under a channel's prefix as CSV (it picks
        // up the first file it finds): a _SUCCESS marker or a .crc checksum there is read as data.
        // So the committer writes no marker, and a file system that keeps checksum side files (the
        // local one; S3 has none) keeps none for these tables.
        Configuration hadoop = rows.sparkSession().sparkContext().hadoopConfiguration();
        hadoop.setBoolean(MARK_SUCCESSFUL_JOBS, false);
        try {
            FileSystem.get(URI.create(uri), hadoop).setWriteChecksum(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + uri, e);
        }
        // The built-in XGBoost format: label first, no header; a missing value is an empty field.
        rows.write().mode(SaveMode.Overwrite).option("header", "false").option("nullValue", "").csv(uri);
    }

    static List<FeatureTable> discoverFeatureTables(SparkSession spark, SparkLake lake, String runId) {
        String runFolder = LakeLayout.featuresOfRun(runId);
        List<String> names = lake.folders(runFolder);
        if (names.isEmpty()) {
            throw new IllegalStateException("no feature tables under " + lake.uri(runFolder) + ": run the features step for run " + runId + " first");
        }
        List<FeatureTable> tables = new ArrayList<>();
        for (String name : names) {
            if (name.equals(RECENT_ORDERS_TABLE)) {
                // Not features: the users' past orders, which run() packs into one inference column.
                continue;
            }
            Dataset<Row> rows = spark.read().parquet(lake.uri(LakeLayout.features(runId, name)));
            List<String> keys = new ArrayList<>();
            List<String> featureColumns = new ArrayList<>();
            if (Arrays.stream(rows.schema().fieldNames()).anyMatch(c -> c.endsWith("_id") && !KEYS.contains(c))) {
                // Keyed by an id the join does not know (similar_products' similar_product_id): a table
                // later feature SQL reads, e.g. to propose candidates, not one to join.
                continue;
            }
            for (StructField field : rows.schema().fields()) {
                if (KEYS.contains(field.name())) {
                    keys.add(field.name());
                } else if (field.dataType() instanceof NumericType || field.dataType() instanceof BooleanType) {
                    featureColumns.add(field.name());
                } else {
                    throw new IllegalStateException("feature table " + name + ": column " + field.name() + " is "
                            + field.dataType().simpleString() + "; features must be numbers or booleans");
                }
            }
            if (keys.isEmpty()) {
                throw new IllegalStateException("feature table " + name + " has none of the key columns " + KEYS);
            }
            keys.sort(Comparator.comparingInt(KEYS::indexOf));
            tables.add(new FeatureTable(name, rows, List.copyOf(keys), List.copyOf(featureColumns)));
        }
        tables.sort(Comparator.comparing(FeatureTable::name));
        return tables;
    }

    /**
     * The candidates: the table the features step names {@value #CANDIDATES} (every source's
     * proposals, repeat and explore), or, for a run without one, the only table keyed by
     * (user_id, product_id). Every other (user_id, product_id) table is joined to it like any feature.
     */
    private static FeatureTable candidateSource(List<FeatureTable> tables, String runId) {
        List<FeatureTable> named = tables.stream().filter(t -> t.name().equals(CANDIDATES)).toList();
        List<FeatureTable> userProduct = named.isEmpty() ? tables.stream()
                .filter(t -> t.keys().equals(List.of("user_id", "product_id"))).toList() : named;
        if (userProduct.size() != 1 || !userProduct.get(0).keys().equals(List.of("user_id", "product_id"))) {
            throw new IllegalStateException("run " + runId + " needs a feature table " + CANDIDATES + " keyed by (user_id, product_id), "
                    + "or exactly one table keyed so, to give the candidates; found " + userProduct.stream().map(FeatureTable::name).toList());
        }
        return userProduct.get(0);
    }

    private static Map<String, Integer> countFeatureNames(List<FeatureTable> tables) {
        Map<String, Integer> uses = new HashMap<>();
        Set<String> reserved = new HashSet<>(Arrays.asList(LABEL, EVAL_SET, SPLIT, "repeat"));
        reserved.addAll(TargetShare.FEATURES);
        reserved.addAll(List.of(TargetShare.FROM_TARGET_POPULAR, TargetShare.TARGET_POPULAR_RANK));
        reserved.addAll(KEYS);
        for (FeatureTable table : tables) {
            for (String column : table.featureColumns()) {
                uses.merge(column, reserved.contains(column) ? 2 : 1, Integer::sum);
            }
        }
        return uses;
    }

    private static String sqlType(DataType type) {
        return switch (type.typeName()) {
            case "double", "float" -> "DOUBLE";
            case "long" -> "BIGINT";
            case "integer", "short", "byte" -> "INTEGER";
            default -> type.typeName().toUpperCase(java.util.Locale.ROOT);
        };
    }

    private static scala.collection.Seq<String> seq(String... columns) {
        return seq(Arrays.asList(columns));
    }

    private static scala.collection.Seq<String> seq(List<String> columns) {
        // Scala 2.12 (Glue 5.0's Spark) has JavaConverters, not scala.jdk.
        return scala.collection.JavaConverters.collectionAsScalaIterableConverter(columns).asScala().toSeq();
    }
}
