package dev.replenish.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replenish.core.featurestore.OrderHistory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one home of configuration. Defaults live here, in code; a JSON file (local runs) or CDK
 * context (cloud) overrides any subset of them. Later capabilities add their own section record.
 *
 * @param ingest   how raw files are checked and curated
 * @param join     how the join step splits train users
 * @param featureStore how the feature store is loaded
 * @param athena   how the cloud runtime waits on Athena
 * @param training the XGBoost training job, the same for xgboost4j and SageMaker
 * @param nextBasket how {@code evaluate-baskets} splits users and which candidate sources it uses
 * @param deploy   how a trained model becomes the active one
 * @param candidateSources how the features step proposes candidates beyond the user's own products
 */
public record ReplenishConfig(Ingest ingest, Join join, FeatureStore featureStore, Athena athena, Training training,
                              Deploy deploy, NextBasket nextBasket, CandidateSources candidateSources) {

    /**
     * The candidate sources of the features step ({@code sql/features/similar_products.sql},
     * {@code popular_products.sql}, {@code candidates.sql}). Every user's own products are always
     * candidates; these settings bound the explore candidates and the cost of finding them. The
     * sql module renders them into the SQL ({@code ${name}} placeholders), so Athena and DuckDB run
     * the same numbers.
     *
     * @param similarRecentOrders    co-occurrence is counted in each user's latest this-many prior
     *                               orders: bounds the pair explosion (and keeps the table current)
     * @param similarMaxBasketLines  of each such basket, the first this-many lines (add_to_cart_order):
     *                               a basket of n lines makes n(n-1) pairs, so this caps the worst case
     * @param similarMinTogether     a pair seen together in fewer baskets is noise and is dropped
     * @param similarShrink          the shrunk cosine's damping: together / (sqrt(n_i n_j) + shrink)
     * @param similarPerProduct      K of similar_products: the most similar products kept per product
     * @param similarCandidates      per user, the products with the most "bought together" votes from
     *                               the user's recent products that the user never bought
     * @param popularCandidates      per user, the products most frequent in users' latest prior
     *                               orders ("popular now") that the user never bought
     * @param targetPopularCandidates per user, the products most often in training users' target
     *                               orders that the user never bought; computed by the join (Spark),
     *                               out of fold for training users, from training users only
     * @param neighbourVotes         the neighbour source, computed by the join (Spark), not by SQL
     */
    public record CandidateSources(int similarRecentOrders, int similarMaxBasketLines, int similarMinTogether,
                                   double similarShrink, int similarPerProduct, int similarCandidates,
                                   int popularCandidates, int targetPopularCandidates, NeighbourVotes neighbourVotes) {
        public CandidateSources {
            if (neighbourVotes == null) {
                throw new IllegalArgumentException("candidateSources.neighbourVotes is required");
            }
            if (similarRecentOrders < 1 || similarMaxBasketLines < 2 || similarMinTogether < 1 || similarPerProduct < 1) {
                throw new IllegalArgumentException("candidateSources: similarRecentOrders, similarMinTogether and "
                        + "similarPerProduct must be at least 1, similarMaxBasketLines at least 2");
            }
            if (!(similarShrink >= 0.0) || similarCandidates < 0 || popularCandidates < 0 || targetPopularCandidates < 0) {
                throw new IllegalArgumentException("candidateSources: similarShrink, similarCandidates, popularCandidates and "
                        + "targetPopularCandidates must be >= 0");
            }
        }

        static CandidateSources defaults() {
            // Few explore candidates: on Instacart-shaped data they hold little of the next basket
            // (explore recall@10 0.003 on 20,000 synthetic users' validation orders, where 10 + 5 + 5 + 5
            // per user and 3 + 2 + 2 + 2 gave the same mean F1 and recall, docs/benchmarks.md), while
            // every candidate costs the join, the training and the feature store a row.
            return new CandidateSources(5, 30, 2, 5.0, 10, 3, 2, 2, NeighbourVotes.defaults());
        }

        /** As one JSON string: how the cloud hands the settings to the Glue job's arguments. */
        public String toJson() {
            try {
                return JSON.writeValueAsString(this);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Reads {@link #toJson()}; a bad value is an error naming the argument. */
        public static CandidateSources fromJson(String json) {
            try {
                return JSON.readValue(json, CandidateSources.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("candidate sources argument is not valid: " + e.getOriginalMessage() + " in " + json);
            }
        }

        /** These sources with other settings for the two the join computes. */
        public CandidateSources withJoinSources(int targetPopular, NeighbourVotes neighbours) {
            return new CandidateSources(similarRecentOrders, similarMaxBasketLines, similarMinTogether, similarShrink,
                    similarPerProduct, similarCandidates, popularCandidates, targetPopular, neighbours);
        }

        /** The values the SQL's {@code ${name}} placeholders take. */
        public Map<String, String> sqlParameters() {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("similar_recent_orders", Integer.toString(similarRecentOrders));
            parameters.put("similar_max_basket_lines", Integer.toString(similarMaxBasketLines));
            parameters.put("similar_min_together", Integer.toString(similarMinTogether));
            parameters.put("similar_shrink", String.format(Locale.ROOT, "%.6f", similarShrink));
            parameters.put("similar_per_product", Integer.toString(similarPerProduct));
            parameters.put("similar_candidates", Integer.toString(similarCandidates));
            parameters.put("popular_candidates", Integer.toString(popularCandidates));
            parameters.put("recency_decay", String.format(Locale.ROOT, "%.6f", neighbourVotes.recencyDecay()));
            // Not a candidate setting: how many past orders the features step keeps per user for the
            // orders route (user_recent_orders.sql), the route's largest limit.
            parameters.put("recent_orders_kept", Integer.toString(OrderHistory.KEPT));
            return parameters;
        }
    }

    /**
     * The neighbour source (TIFUKNN-style, {@code dev.replenish.core.neighbours.UserNeighbours}): every
     * candidate gets the mean purchase share its user's nearest users give it, and the best-voted
     * products the user never bought become candidates. The join computes it in Spark: the pair
     * explosion of user-to-user similarity does not fit SQL at Instacart's size, so the two bounds
     * below keep it linear in users.
     *
     * @param poolUsers           neighbours are drawn from at most this many users (a fixed hash
     *                            sample of user ids; every user when there are fewer)
     * @param maxBuyersPerProduct per product, the most pool buyers the similarity visits (those the
     *                            product weighs most in): a staple's thousands of buyers say little
     * @param neighbours          k: the nearest users whose purchases vote
     * @param candidates          per user, the best-voted products the user never bought that become
     *                            candidates (0: the vote stays a feature, proposing nothing)
     * @param recencyDecay        a purchase's weight in the user's vector is {@code decay^k} for the
     *                            k-th latest prior order (0 = latest); TIFUKNN's time decay
     */
    public record NeighbourVotes(int poolUsers, int maxBuyersPerProduct, int neighbours, int candidates,
                                 double recencyDecay) {
        public NeighbourVotes {
            if (poolUsers < 1 || maxBuyersPerProduct < 1 || neighbours < 1 || candidates < 0) {
                throw new IllegalArgumentException("candidateSources.neighbourVotes: poolUsers, maxBuyersPerProduct and "
                        + "neighbours must be at least 1, candidates at least 0");
            }
            if (!(recencyDecay > 0 && recencyDecay <= 1)) {
                throw new IllegalArgumentException("candidateSources.neighbourVotes.recencyDecay must be in (0, 1], was " + recencyDecay);
            }
        }

        static NeighbourVotes defaults() {
            return new NeighbourVotes(20_000, 500, 100, 2, 0.9);
        }
    }

    /**
     * @param maxRejectFraction a table whose rejected share of rows exceeds this stops the run
     * @param maxFieldChars     a raw field longer than this is rejected (guards memory and Athena's limits)
     */
    public record Ingest(double maxRejectFraction, int maxFieldChars) {
        public Ingest {
            if (!(maxRejectFraction >= 0.0 && maxRejectFraction <= 1.0)) {
                throw new IllegalArgumentException("ingest.maxRejectFraction must be between 0 and 1, was " + maxRejectFraction);
            }
            if (maxFieldChars < 16) {
                throw new IllegalArgumentException("ingest.maxFieldChars must be at least 16, was " + maxFieldChars);
            }
        }

        static Ingest defaults() {
            return new Ingest(0.01, 65_536);
        }
    }

    /**
     * @param validationFraction share of train users held out for validation (and the model gate),
     *                           chosen by a hash of user_id so the split is the same on every run
     * @param missions           the shopping missions the join finds (LDA)
     * @param latentFactors      the customer x product factorisation the join fits (ALS)
     */
    public record Join(double validationFraction, Missions missions, LatentFactors latentFactors) {
        public Join {
            if (!(validationFraction > 0.0 && validationFraction < 1.0)) {
                throw new IllegalArgumentException("join.validationFraction must be between 0 and 1 (exclusive), was " + validationFraction);
            }
            if (missions == null || latentFactors == null) {
                throw new IllegalArgumentException("join.missions and join.latentFactors are required");
            }
        }

        static Join defaults() {
            return new Join(0.1, Missions.defaults(), LatentFactors.defaults());
        }

        /** These settings with another validation share (evaluate-baskets derives its own). */
        public Join withValidationFraction(double replacement) {
            return new Join(replacement, missions, latentFactors);
        }
    }

    /**
     * Shopping missions: topics of baskets found by Spark MLlib's LDA, where a document is a prior
     * order and a word is one of its products' aisles (or products). Every run writes the missions
     * and each user's mission profile (the report's "Missions" section and the API read them);
     * {@code features} decides whether the model also gets them as features.
     *
     * @param features   whether every candidate gets its user's mission shares and the product's
     *                   affinity to them as features
     * @param missions   K, the number of missions
     * @param words      what a word of an order is: {@code aisle} or {@code product}
     * @param iterations LDA's online-optimizer iterations
     * @param fitOrders  LDA is fitted on at most this many prior orders (a fixed hash sample); every
     *                   prior order then gets its mission mixture from the fitted model
     */
    public record Missions(boolean features, int missions, String words, int iterations, int fitOrders) {

        public static final Set<String> WORDS = Set.of("aisle", "product");

        public Missions {
            if (missions < 2 || missions > 50) {
                throw new IllegalArgumentException("join.missions.missions must be between 2 and 50, was " + missions);
            }
            if (!WORDS.contains(words)) {
                throw new IllegalArgumentException("join.missions.words must be one of " + WORDS.stream().sorted().toList() + ", was " + words);
            }
            if (iterations < 1 || fitOrders < 100) {
                throw new IllegalArgumentException("join.missions: iterations must be at least 1, fitOrders at least 100");
            }
        }

        static Missions defaults() {
            // Features off: on validation users they moved nothing beyond noise (TaFeng recall@10
            // 0.1818 against 0.1810, full-scale synthetic mean F1 0.4646 against 0.4651, with the
            // latent factors; docs/benchmarks.md, "Missions and latent factors").
            // K = 4: the lowest held-out log-perplexity of K in {4, 8, 12, 16} on the 20,000-user
            // synthetic lake (4.33, 4.44, 4.51, 4.55); fewer than 4 say little about a customer.
            return new Missions(false, 4, "aisle", 30, 100_000);
        }

        /** As one JSON string: how the cloud hands the settings to the Glue job's arguments. */
        public String toJson() {
            return writeJson(this);
        }

        /** Reads {@link #toJson()}; a bad value is an error naming the argument. */
        public static Missions fromJson(String json) {
            return readJson(json, Missions.class, "missions");
        }
    }

    /**
     * Latent factors: Spark MLlib's ALS with implicit feedback on the customer x product matrix of
     * prior purchase counts. Fitted only when it is used.
     *
     * @param feature        whether every candidate gets its user . product factor score as a feature
     * @param candidates     per user, the best-scored products the user never bought that become
     *                       explore candidates (0: none)
     * @param candidatePool  those are drawn from the this-many most bought products
     * @param rank           factors per user and product
     * @param iterations     ALS's alternating sweeps
     * @param regularization ALS's regParam
     * @param alpha          confidence growth per purchase (implicit ALS's alpha)
     */
    public record LatentFactors(boolean feature, int candidates, int candidatePool, int rank, int iterations,
                                double regularization, double alpha) {
        public LatentFactors {
            if (candidates < 0 || candidatePool < 1 || rank < 1 || iterations < 1) {
                throw new IllegalArgumentException("join.latentFactors: candidates must be at least 0, candidatePool, rank "
                        + "and iterations at least 1");
            }
            if (!(regularization >= 0) || !(alpha > 0)) {
                throw new IllegalArgumentException("join.latentFactors: regularization must be >= 0 and alpha > 0");
            }
        }

        static LatentFactors defaults() {
            // Unused by default, so not fitted: neither the score nor the candidates helped on
            // validation users, and the fit costs about 90 s at full scale (docs/benchmarks.md).
            return new LatentFactors(false, 0, 2_000, 16, 10, 0.1, 10.0);
        }

        /** Whether the join fits ALS at all. */
        public boolean used() {
            return feature || candidates > 0;
        }

        public String toJson() {
            return writeJson(this);
        }

        public static LatentFactors fromJson(String json) {
            return readJson(json, LatentFactors.class, "latent factors");
        }
    }

    private static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T readJson(String json, Class<T> type, String argument) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(argument + " argument is not valid: " + e.getOriginalMessage() + " in " + json);
        }
    }

    /**
     * @param trimByFeature     a user with more candidates than one DynamoDB item holds keeps those
     *                          with the highest value of this feature
     * @param callsInFlight     BatchWriteItem calls in flight per writer
     * @param maxAttempts       attempts per batch before the load fails
     * @param baseBackoffMillis first back-off after throttling or unprocessed items (doubles per attempt, full jitter)
     * @param maxBackoffMillis  longest single back-off
     * @param serveCacheMegabytes the local server keeps up to this many megabytes of user items the
     *                          embedded DynamoDB Local has read (0: none); never more than a quarter
     *                          of its heap. The Lambda keeps none: DynamoDB parses items on its own side.
     */
    public record FeatureStore(String trimByFeature, int callsInFlight, int maxAttempts, long baseBackoffMillis,
                               long maxBackoffMillis, int serveCacheMegabytes) {
        public FeatureStore {
            if (trimByFeature == null || trimByFeature.isBlank()) {
                throw new IllegalArgumentException("featureStore.trimByFeature must name a feature");
            }
            if (callsInFlight < 1 || maxAttempts < 1 || baseBackoffMillis < 0 || maxBackoffMillis < baseBackoffMillis) {
                throw new IllegalArgumentException("featureStore: callsInFlight and maxAttempts must be at least 1, "
                        + "and 0 <= baseBackoffMillis <= maxBackoffMillis");
            }
            if (serveCacheMegabytes < 0) {
                throw new IllegalArgumentException("featureStore.serveCacheMegabytes must be 0 (no cache) or more");
            }
        }

        static FeatureStore defaults() {
            return new FeatureStore("user_product_times_bought", 4, 12, 50, 5_000, 512);
        }
    }

    /**
     * The query Lambdas start a CTAS and return at once (the state machine polls it), but the
     * short statements before it (dropping the previous table registration, re-creating a raw
     * view) must finish first, so the Lambda waits on those.
     *
     * @param pollMillis        pause between two status checks of a statement being waited on
     * @param ddlTimeoutSeconds the longest such a wait may take; the query Lambdas' timeouts are derived from it
     */
    public record Athena(int pollMillis, int ddlTimeoutSeconds) {

        /**
         * The most statements one start of a query waits on: the evaluate step's first query drops and
         * re-defines validation_candidates, then drops the previous registration of its own table.
         */
        public static final int WAITS_PER_START = 3;
        /** A status check waits on at most one statement: the curate check's count of rejected rows. */
        public static final int WAITS_PER_STATUS = 1;

        public Athena {
            if (pollMillis < 50) {
                throw new IllegalArgumentException("athena.pollMillis must be at least 50, was " + pollMillis);
            }
            if (ddlTimeoutSeconds < 1 || ddlTimeoutSeconds > 600) {
                throw new IllegalArgumentException("athena.ddlTimeoutSeconds must be between 1 and 600, was " + ddlTimeoutSeconds);
            }
        }

        static Athena defaults() {
            return new Athena(500, 40);
        }

        /** The longest a query start spends waiting on Athena: every one of its waits at its limit. */
        public int longestStartWaitSeconds() {
            return WAITS_PER_START * ddlTimeoutSeconds;
        }

        public int longestStatusWaitSeconds() {
            return WAITS_PER_STATUS * ddlTimeoutSeconds;
        }
    }

    /**
     * The XGBoost training job. One record renders both the xgboost4j parameters (local) and the
     * SageMaker built-in algorithm's hyper-parameters (cloud), so the two runtimes train the same
     * model from the same numbers.
     *
     * @param objective           XGBoost objective; a reorder probability needs binary:logistic
     * @param evalMetrics         metrics reported on the validation set each round; early stopping
     *                            watches the last one, as SageMaker's container does
     * @param maxDepth            maximum tree depth
     * @param eta                 learning rate
     * @param numRound            maximum boosting rounds
     * @param earlyStoppingRounds stop when the last metric has not improved on validation for this
     *                            many rounds; the model kept is the best round's (SageMaker: save_best)
     * @param subsample           share of rows sampled for each tree
     * @param colsampleByTree     share of feature columns sampled for each tree
     * @param minChildWeight      minimum hessian sum in a leaf; guards against leaves fitted to a few rows
     * @param treeMethod          hist: the fast histogram method, the same on both runtimes
     * @param maxBin              histogram bins per feature (hist)
     * @param seed                random seed for row and column sampling
     * @param threads             training threads; 0 means every core of the machine (the local
     *                            run) or of the training instance (SageMaker's own default)
     */
    public record Training(String objective, List<String> evalMetrics, int maxDepth, double eta, int numRound,
                           int earlyStoppingRounds, double subsample, double colsampleByTree, double minChildWeight,
                           String treeMethod, int maxBin, int seed, int threads) {

        /** Metrics whose larger values are better; every other supported metric is minimised. */
        private static final Set<String> MAXIMISED = Set.of("auc", "aucpr");
        private static final Set<String> SUPPORTED_METRICS = Set.of("auc", "aucpr", "logloss", "error");

        public Training {
            evalMetrics = List.copyOf(evalMetrics);
            if (!"binary:logistic".equals(objective)) {
                throw new IllegalArgumentException("training.objective must be binary:logistic (the model outputs a reorder probability), was " + objective);
            }
            if (evalMetrics.isEmpty() || !SUPPORTED_METRICS.containsAll(evalMetrics)) {
                throw new IllegalArgumentException("training.evalMetrics must be a non-empty list of " + SUPPORTED_METRICS + ", was " + evalMetrics);
            }
            if (maxDepth < 1 || maxDepth > 16) {
                throw new IllegalArgumentException("training.maxDepth must be between 1 and 16, was " + maxDepth);
            }
            if (!(eta > 0 && eta <= 1)) {
                throw new IllegalArgumentException("training.eta must be in (0, 1], was " + eta);
            }
            if (numRound < 1) {
                throw new IllegalArgumentException("training.numRound must be at least 1, was " + numRound);
            }
            if (earlyStoppingRounds < 1) {
                throw new IllegalArgumentException("training.earlyStoppingRounds must be at least 1, was " + earlyStoppingRounds);
            }
            if (!(subsample > 0 && subsample <= 1) || !(colsampleByTree > 0 && colsampleByTree <= 1)) {
                throw new IllegalArgumentException("training.subsample and training.colsampleByTree must be in (0, 1], were "
                        + subsample + " and " + colsampleByTree);
            }
            if (!(minChildWeight >= 0)) {
                throw new IllegalArgumentException("training.minChildWeight must be >= 0, was " + minChildWeight);
            }
            if (!Set.of("hist", "approx", "exact").contains(treeMethod)) {
                throw new IllegalArgumentException("training.treeMethod must be hist, approx or exact, was " + treeMethod);
            }
            if (maxBin < 2) {
                throw new IllegalArgumentException("training.maxBin must be at least 2, was " + maxBin);
            }
            if (threads < 0) {
                throw new IllegalArgumentException("training.threads must be >= 0 (0 = every core), was " + threads);
            }
        }

        static Training defaults() {
            // Depth 6 and eta 0.1 are XGBoost's and the Instacart winners' usual ground; early
            // stopping on validation log-loss decides the rounds, so numRound is only a ceiling. At
            // Instacart's full size the log-loss still falls slowly after 120 rounds (0.20518 at 150,
            // 0.20489 at 250: validation mean F1 0.4654 against 0.4662, docs/benchmarks.md), at 0.6 s
            // a round: 120 keeps the pipeline in its time budget. TaFeng's best rounds are 73-96, so
            // it stops early below the cap and keeps the same model.
            return new Training("binary:logistic", List.of("auc", "logloss"), 6, 0.1, 120, 20,
                    0.8, 0.8, 10.0, "hist", 256, 42, 0);
        }

        /** The metric early stopping watches: the last one, as in SageMaker's container. */
        public String stoppingMetric() {
            return evalMetrics.get(evalMetrics.size() - 1);
        }

        public static boolean maximises(String metric) {
            return MAXIMISED.contains(metric);
        }

        /**
         * The booster parameters for xgboost4j. Rounds and early stopping are the training loop's,
         * not the booster's; eval_metric is absent because a Java map holds one value per key:
         * the trainer sets each of {@link #evalMetrics()} on the booster in order.
         *
         * @param machineCores used when {@link #threads()} is 0
         */
        public Map<String, Object> xgboostParameters(int machineCores) {
            Map<String, Object> parameters = new LinkedHashMap<>(boosterParameters());
            parameters.put("nthread", Integer.toString(threads > 0 ? threads : machineCores));
            return parameters;
        }

        /**
         * The hyper-parameters of a SageMaker training job with the built-in XGBoost algorithm
         * (container 3.0-5), as the CreateTrainingJob API takes them: every value a string.
         */
        public Map<String, String> sageMakerHyperParameters() {
            Map<String, String> hyperParameters = new LinkedHashMap<>(boosterParameters());
            hyperParameters.put("eval_metric", String.join(",", evalMetrics));
            hyperParameters.put("num_round", Integer.toString(numRound));
            hyperParameters.put("early_stopping_rounds", Integer.toString(earlyStoppingRounds));
            if (threads > 0) {
                hyperParameters.put("nthread", Integer.toString(threads));
            }
            return hyperParameters;
        }

        /** What both runtimes give the booster, rendered once so the strings cannot differ. */
        private Map<String, String> boosterParameters() {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("objective", objective);
            parameters.put("max_depth", Integer.toString(maxDepth));
            parameters.put("eta", number(eta));
            parameters.put("subsample", number(subsample));
            parameters.put("colsample_bytree", number(colsampleByTree));
            parameters.put("min_child_weight", number(minChildWeight));
            parameters.put("tree_method", treeMethod);
            parameters.put("max_bin", Integer.toString(maxBin));
            parameters.put("seed", Integer.toString(seed));
            return parameters;
        }

        private static String number(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15
                    ? Long.toString((long) value)
                    : String.format(Locale.ROOT, "%s", value);
        }
    }

    /**
     * @param force activate the run's model even when its validation mean F1 does not beat the
     *              active model's (the deploy step warns); the command line's --force-deploy sets it
     */
    public record Deploy(boolean force) {
        static Deploy defaults() {
            return new Deploy(false);
        }
    }

    /**
     * {@code evaluate-baskets}: the pipeline run on basket sequences (TaFeng) with the protocol of
     * Li et al., "A Next Basket Recommendation Reality Check" (TOIS 2023): users are shuffled and
     * split train / validation / test; each user's last basket is the target.
     *
     * @param trainFraction      share of users whose targets train the model (the paper: 0.72)
     * @param validationFraction share of users held out for early stopping and choosing settings
     *                           (the paper: 0.08); the rest are test users
     * @param candidateSources   the candidate sources for basket sequences, in place of the
     *                           top-level section: such data is exploration-heavy (in TaFeng 83 % of
     *                           a target basket is new to the user) and small, so it gets more explore
     *                           candidates and counts co-occurrence over every basket (chosen on
     *                           TaFeng validation users, docs/benchmarks.md)
     */
    public record NextBasket(double trainFraction, double validationFraction, CandidateSources candidateSources) {
        public NextBasket {
            if (!(trainFraction > 0.0 && validationFraction > 0.0 && trainFraction + validationFraction < 1.0)) {
                throw new IllegalArgumentException("nextBasket.trainFraction and validationFraction must be positive and leave"
                        + " a share for test users, were " + trainFraction + " and " + validationFraction);
            }
        }

        static NextBasket defaults() {
            return new NextBasket(0.72, 0.08, new CandidateSources(50, 30, 1, 5.0, 30, 60, 60, 60,
                    new NeighbourVotes(1_000_000, 1_000_000, 300, 80, 0.9)));
        }
    }

    public static ReplenishConfig defaults() {
        return new ReplenishConfig(Ingest.defaults(), Join.defaults(), FeatureStore.defaults(), Athena.defaults(),
                Training.defaults(), Deploy.defaults(), NextBasket.defaults(), CandidateSources.defaults());
    }

    /** This configuration with another ingest section (new sections then leave callers alone). */
    public ReplenishConfig withIngest(Ingest replacement) {
        return new ReplenishConfig(replacement, join, featureStore, athena, training, deploy, nextBasket, candidateSources);
    }

    /** This configuration with another deploy section. */
    public ReplenishConfig withDeploy(Deploy replacement) {
        return new ReplenishConfig(ingest, join, featureStore, athena, training, replacement, nextBasket, candidateSources);
    }

    /** This configuration with another join section. */
    public ReplenishConfig withJoin(Join replacement) {
        return new ReplenishConfig(ingest, replacement, featureStore, athena, training, deploy, nextBasket, candidateSources);
    }

    /** This configuration with other candidate sources. */
    public ReplenishConfig withCandidateSources(CandidateSources replacement) {
        return new ReplenishConfig(ingest, join, featureStore, athena, training, deploy, nextBasket, replacement);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Reads a JSON file whose fields override the defaults; an unknown field is an error naming it. */
    public static ReplenishConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such configuration file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(file.toString(), text);
    }

    /**
     * A configuration a run stored (in its model manifest) with every field a later version added
     * filled from today's defaults: an older run's manifest stays readable after an upgrade.
     */
    public static JsonNode storedWithDefaults(JsonNode stored) {
        return overlay(JSON.valueToTree(defaults()), stored);
    }

    /**
     * The defaults with the given fields laid over them: objects merge field by field, any other
     * value (a list included) replaces the default whole. (Jackson's updating reader appends lists.)
     */
    private static JsonNode overlay(JsonNode base, JsonNode update) {
        if (!(base instanceof ObjectNode merged) || !update.isObject()) {
            return update;
        }
        update.fields().forEachRemaining(field -> merged.set(field.getKey(),
                merged.has(field.getKey()) ? overlay(merged.get(field.getKey()), field.getValue()) : field.getValue()));
        return merged;
    }

    static ReplenishConfig parse(String source, String json) {
        try {
            return JSON.treeToValue(overlay(JSON.valueToTree(defaults()), JSON.readTree(json)), ReplenishConfig.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            Throwable root = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String why = root == e ? e.getOriginalMessage().lines().findFirst().orElse("") : root.getMessage();
            throw new ConfigException(source + ": " + (field.isEmpty() ? "" : "field '" + field + "': ") + why);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }

    /** A configuration file the user must fix. */
    public static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message);
        }
    }
}
