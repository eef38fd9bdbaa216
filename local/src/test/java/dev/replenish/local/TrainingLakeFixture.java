package dev.replenish.local;

import dev.replenish.core.features.FeatureManifest;
import dev.replenish.core.lake.LakeLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A small lake as the join step leaves it, fabricated without Spark: training/validation CSV
 * parts (label first, no header, empty field = missing), the evaluation Parquet, the feature
 * manifest, the validation orders' whole target baskets, and the curated orders and prior lines
 * the baselines read.
 *
 * <p>Shoppers are simulated: each user has a repertoire of products, each bought in any order with
 * the user's own propensity for it; prior orders and the train order are drawn from the same
 * propensities, so the features (how often and how recently a product was bought) carry a
 * learnable signal about the label, as real order histories do.
 */
public final class TrainingLakeFixture {

    public static final List<FeatureManifest.Feature> FEATURES = List.of(
            new FeatureManifest.Feature("up_orders", "INTEGER", "user_product_features"),
            new FeatureManifest.Feature("up_order_rate", "DOUBLE", "user_product_features"),
            new FeatureManifest.Feature("up_in_last_order", "INTEGER", "user_product_features"),
            new FeatureManifest.Feature("up_orders_since_last", "INTEGER", "user_product_features"),
            // Missing when the product was bought once: there is no gap to average.
            new FeatureManifest.Feature("up_mean_gap", "DOUBLE", "user_product_features"),
            new FeatureManifest.Feature("u_orders", "INTEGER", "user_features"),
            new FeatureManifest.Feature("u_mean_basket", "DOUBLE", "user_features"),
            new FeatureManifest.Feature("p_popularity", "DOUBLE", "product_features"));

    private static final int PRODUCTS = 150;

    /** Users whose id is a multiple of this are validation users (the join splits by a hash; any rule will do here). */
    public static final int VALIDATION_EVERY = 5;

    /** What was written, for tests to check against. */
    public record Written(FeatureManifest manifest, long trainRows, long validationRows, int validationUsers) {
    }

    private TrainingLakeFixture() {
    }

    private record Candidate(long userId, long productId, long orderId, double[] features, int label) {
    }

    public static Written write(Path lake, String runId, int users, long seed) throws IOException, SQLException {
        Random random = new Random(seed);
        List<String> orders = new ArrayList<>();
        List<String> priorLines = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        Map<Long, Integer> productCounts = new LinkedHashMap<>();
        long nextOrderId = 1;
        List<long[]> trainOrderOf = new ArrayList<>();
        List<List<long[]>> histories = new ArrayList<>();
        List<double[]> propensities = new ArrayList<>();
        List<long[]> repertoires = new ArrayList<>();

        for (long user = 1; user <= users; user++) {
            int size = 3 + random.nextInt(20);
            long[] repertoire = new long[size];
            double[] q = new double[size];
            double intensity = 0.5 + random.nextDouble() * 0.7;
            for (int i = 0; i < size; i++) {
                // Popular products come up more often: the square skews ids towards 1.
                repertoire[i] = 1 + (long) (PRODUCTS * Math.pow(random.nextDouble(), 2));
                q[i] = Math.min(0.95, Math.pow(random.nextDouble(), 1.7) * intensity);
            }
            int priorOrders = 3 + random.nextInt(12);
            List<long[]> userOrders = new ArrayList<>();
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (int n = 1; n <= priorOrders; n++) {
                long orderId = nextOrderId++;
                orders.add(orderId + "," + user + ",prior," + n + "," + random.nextInt(7) + "," + random.nextInt(24) + ","
                        + (n == 1 ? "" : Integer.toString(1 + random.nextInt(30))));
                java.util.LinkedHashSet<Long> basket = new java.util.LinkedHashSet<>();
                for (int i = 0; i < size; i++) {
                    if (random.nextDouble() < q[i]) {
                        basket.add(repertoire[i]);
                    }
                }
                if (basket.isEmpty()) {
                    basket.add(repertoire[random.nextInt(size)]);
                }
                int position = 1;
                for (long product : basket) {
                    priorLines.add(orderId + "," + product + "," + position++ + "," + (seen.contains(product) ? 1 : 0));
                    productCounts.merge(product, 1, Integer::sum);
                }
                seen.addAll(basket);
                long[] lines = basket.stream().mapToLong(Long::longValue).toArray();
                userOrders.add(lines);
            }
            long trainOrderId = nextOrderId++;
            orders.add(trainOrderId + "," + user + ",train," + (priorOrders + 1) + ",1,10,7");
            trainOrderOf.add(new long[]{trainOrderId});
            histories.add(userOrders);
            propensities.add(q);
            repertoires.add(repertoire);
        }
        long totalLines = priorLines.size();

        for (int u = 0; u < users; u++) {
            long user = u + 1;
            List<long[]> userOrders = histories.get(u);
            int n = userOrders.size();
            double meanBasket = userOrders.stream().mapToInt(o -> o.length).average().orElse(0);
            Map<Long, List<Integer>> boughtAt = new LinkedHashMap<>();
            for (int o = 0; o < n; o++) {
                for (long product : userOrders.get(o)) {
                    boughtAt.computeIfAbsent(product, p -> new ArrayList<>()).add(o + 1);
                }
            }
            // The user's propensity for a product: the highest of its repertoire entries.
            Map<Long, Double> propensity = new LinkedHashMap<>();
            for (int i = 0; i < repertoires.get(u).length; i++) {
                propensity.merge(repertoires.get(u)[i], propensities.get(u)[i], Math::max);
            }
            for (Map.Entry<Long, List<Integer>> entry : boughtAt.entrySet()) {
                List<Integer> at = entry.getValue();
                int times = at.size();
                int last = at.get(times - 1);
                double gap = times > 1 ? (double) (last - at.get(0)) / (times - 1) : Double.NaN;
                double[] features = {times, (double) times / n, last == n ? 1 : 0, n - last, gap, n, meanBasket,
                        (double) productCounts.get(entry.getKey()) / totalLines};
                int label = random.nextDouble() < propensity.get(entry.getKey()) ? 1 : 0;
                candidates.add(new Candidate(user, entry.getKey(), trainOrderOf.get(u)[0], features, label));
            }
        }

        FeatureManifest manifest = new FeatureManifest(runId, "label", List.of("user_id", "product_id", "order_id"), FEATURES);
        Path training = lake.resolve(LakeLayout.training(runId, ""));
        Files.createDirectories(training);
        Files.writeString(training.resolve(FeatureManifest.FILE_NAME), manifest.toJson());

        List<String> train = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        List<String> evaluation = new ArrayList<>();
        int validationUsers = 0;
        long lastUser = -1;
        for (Candidate candidate : candidates) {
            String csv = candidate.label() + "," + csvFeatures(candidate.features());
            boolean isValidation = candidate.userId() % VALIDATION_EVERY == 0;
            (isValidation ? validation : train).add(csv);
            if (isValidation) {
                evaluation.add(candidate.userId() + "," + candidate.productId() + "," + candidate.orderId() + ",train,"
                        + csvFeatures(candidate.features()) + "," + candidate.label());
                if (candidate.userId() != lastUser) {
                    validationUsers++;
                    lastUser = candidate.userId();
                }
            }
        }
        // Two part files, as Spark writes several, and its bookkeeping files, which are not data.
        Path trainDir = Files.createDirectories(lake.resolve(LakeLayout.training(runId, "train")));
        int half = train.size() / 2;
        writeLines(trainDir.resolve("part-00000-x.csv"), train.subList(0, half));
        writeLines(trainDir.resolve("part-00001-x.csv"), train.subList(half, train.size()));
        Files.writeString(trainDir.resolve("_SUCCESS"), "");
        Files.write(trainDir.resolve(".part-00000-x.csv.crc"), new byte[]{0, 1, 2, 3, 'c', 'r', 'c'});
        Path validationDir = Files.createDirectories(lake.resolve(LakeLayout.training(runId, "validation")));
        writeLines(validationDir.resolve("part-00000-x.csv"), validation);

        // The validation orders' whole target baskets, as the join writes them: the labelled re-orders
        // and one product new to the user (drawn apart, so the rows above stay as they were).
        Random explore = new Random(seed + 1);
        Map<Long, java.util.Set<Long>> bought = new LinkedHashMap<>();
        Map<Long, Long> orderOf = new LinkedHashMap<>();
        List<String> targets = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (candidate.userId() % VALIDATION_EVERY == 0) {
                bought.computeIfAbsent(candidate.userId(), u -> new java.util.HashSet<>()).add(candidate.productId());
                orderOf.put(candidate.userId(), candidate.orderId());
                if (candidate.label() == 1) {
                    targets.add(candidate.orderId() + "," + candidate.productId());
                }
            }
        }
        bought.forEach((user, products) -> {
            long product;
            do {
                product = 1 + explore.nextInt(PRODUCTS + 20);
            } while (products.contains(product));
            targets.add(orderOf.get(user) + "," + product);
        });
        Path targetDir = Files.createDirectories(lake.resolve(LakeLayout.evaluationTargets(runId)));
        writeLines(targetDir.resolve("part-00000-x.csv"), targets);

        Path scratch = Files.createTempDirectory("fixture");
        writeLines(scratch.resolve("evaluation.csv"), evaluation);
        writeLines(scratch.resolve("orders.csv"), orders);
        writeLines(scratch.resolve("prior.csv"), priorLines);
        StringBuilder evaluationColumns = new StringBuilder("'user_id': 'BIGINT', 'product_id': 'BIGINT', 'order_id': 'BIGINT', 'eval_set': 'VARCHAR'");
        for (FeatureManifest.Feature feature : FEATURES) {
            evaluationColumns.append(", '").append(feature.name()).append("': '").append(feature.type()).append('\'');
        }
        evaluationColumns.append(", 'label': 'INTEGER'");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duckdb.createStatement()) {
            copy(sql, scratch.resolve("evaluation.csv"), evaluationColumns.toString(),
                    lake.resolve(LakeLayout.training(runId, "evaluation")));
            copy(sql, scratch.resolve("orders.csv"), "'order_id': 'BIGINT', 'user_id': 'BIGINT', 'eval_set': 'VARCHAR', "
                    + "'order_number': 'INTEGER', 'order_dow': 'INTEGER', 'order_hour_of_day': 'INTEGER', "
                    + "'days_since_prior_order': 'DOUBLE'", lake.resolve("curated/orders"));
            copy(sql, scratch.resolve("prior.csv"), "'order_id': 'BIGINT', 'product_id': 'BIGINT', "
                    + "'add_to_cart_order': 'INTEGER', 'reordered': 'INTEGER'", lake.resolve("curated/order_products_prior"));
        }
        return new Written(manifest, train.size(), validation.size(), validationUsers);
    }

    private static void copy(Statement sql, Path csv, String columns, Path folder) throws IOException, SQLException {
        Files.createDirectories(folder);
        sql.execute("COPY (SELECT * FROM read_csv('" + csv + "', header = false, nullstr = '', columns = {" + columns
                + "})) TO '" + folder.resolve("part-00000.parquet") + "' (FORMAT PARQUET)");
    }

    /** Features as the join's CSV writes them: an empty field for a missing value. */
    private static String csvFeatures(double[] features) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < features.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            double value = features[i];
            if (Double.isNaN(value)) {
                continue;
            }
            line.append(value == Math.rint(value) && FEATURES.get(i).type().equals("INTEGER")
                    ? Long.toString((long) value) : String.format(Locale.ROOT, "%.6f", value));
        }
        return line.toString();
    }

    private static void writeLines(Path file, List<String> lines) throws IOException {
        Files.writeString(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }
}
