package dev.replenish.local.nextbasket;

import dev.replenish.core.contract.InstacartTable;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reality check's test users, taken out of the six files before the pipeline sees them. Users
 * are sorted by id and shuffled with the seed; the last share (1 - train - validation) are test
 * users. A test user's last basket (their train order) becomes a {@code test} order and its lines
 * leave {@code order_products__train.csv}: they are kept here, in memory, as the targets. No file
 * the pipeline reads holds them, so no feature, candidate, similarity, popularity count or model
 * can depend on them. Train and validation users keep their last basket as the train order; the
 * join splits them (its validation fraction is validation / (train + validation)).
 *
 * @param targets    each test order's basket, by order id
 * @param testUsers  the test users, by id
 * @param otherUsers train and validation users
 */
record HeldOutTargets(Map<Long, Set<Long>> targets, Set<Long> testUsers, int otherUsers) {

    /** Tolerance so that n * 0.8 = 239.99999 still counts as 240. */
    private static final double BOUNDARY_TOLERANCE = 1e-9;

    static HeldOutTargets takeOut(Path rawDir, long seed, double trainFraction, double validationFraction) {
        try {
            Path ordersFile = rawDir.resolve(InstacartTable.ORDERS.fileName());
            List<String> orders = Files.readAllLines(ordersFile, StandardCharsets.UTF_8);
            TreeSet<Long> users = new TreeSet<>();
            for (String line : orders.subList(1, orders.size())) {
                String[] fields = line.split(",", -1);
                if (fields[2].equals("train")) {
                    users.add(Long.parseLong(fields[1]));
                }
            }
            List<Long> shuffled = new ArrayList<>(users);
            Collections.shuffle(shuffled, new Random(seed));
            int kept = (int) Math.floor(shuffled.size() * (trainFraction + validationFraction) + BOUNDARY_TOLERANCE);
            Set<Long> testUsers = new HashSet<>(shuffled.subList(kept, shuffled.size()));

            Set<Long> testOrders = new HashSet<>();
            try (BufferedWriter out = Files.newBufferedWriter(ordersFile, StandardCharsets.UTF_8)) {
                out.write(orders.get(0));
                out.newLine();
                for (String line : orders.subList(1, orders.size())) {
                    String[] fields = line.split(",", -1);
                    if (fields[2].equals("train") && testUsers.contains(Long.parseLong(fields[1]))) {
                        testOrders.add(Long.parseLong(fields[0]));
                        fields[2] = "test";
                        line = String.join(",", fields);
                    }
                    out.write(line);
                    out.newLine();
                }
            }

            Path linesFile = rawDir.resolve(InstacartTable.ORDER_PRODUCTS_TRAIN.fileName());
            List<String> lines = Files.readAllLines(linesFile, StandardCharsets.UTF_8);
            Map<Long, Set<Long>> targets = new HashMap<>();
            try (BufferedWriter out = Files.newBufferedWriter(linesFile, StandardCharsets.UTF_8)) {
                out.write(lines.get(0));
                out.newLine();
                for (String line : lines.subList(1, lines.size())) {
                    String[] fields = line.split(",", -1);
                    long orderId = Long.parseLong(fields[0]);
                    if (testOrders.contains(orderId)) {
                        targets.computeIfAbsent(orderId, o -> new HashSet<>()).add(Long.parseLong(fields[1]));
                    } else {
                        out.write(line);
                        out.newLine();
                    }
                }
            }
            return new HeldOutTargets(targets, testUsers, kept);
        } catch (IOException e) {
            throw new UncheckedIOException("rewriting the imported files under " + rawDir, e);
        }
    }
}
