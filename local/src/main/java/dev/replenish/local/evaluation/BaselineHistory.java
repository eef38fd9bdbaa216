package dev.replenish.local.evaluation;

import dev.replenish.core.evaluation.RankingScores;
import dev.replenish.core.evaluation.UserHistory;
import dev.replenish.local.sql.DuckDbSqlEngine;
import dev.replenish.sql.SqlFiles;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the baselines need, from the curated prior orders: each validation user's history and the
 * global popularity ranking, by the portable queries in {@code sql/evaluation/}.
 */
final class BaselineHistory {

    private BaselineHistory() {
    }

    /** One row of user_product_history.sql. */
    private record Purchase(long productId, long timesBought, int lastBought, boolean inLastOrder) {
    }

    static Map<Long, UserHistory> histories(DuckDbSqlEngine engine) throws SQLException {
        Map<Long, List<Purchase>> purchases = new HashMap<>();
        Map<Long, Double> meanReorders = new HashMap<>();
        try (Statement statement = engine.connection().createStatement();
             ResultSet rs = statement.executeQuery(SqlFiles.read("sql/evaluation/user_product_history.sql"))) {
            while (rs.next()) {
                long user = rs.getLong("user_id");
                purchases.computeIfAbsent(user, u -> new ArrayList<>()).add(new Purchase(rs.getLong("product_id"),
                        rs.getLong("times_bought"), rs.getInt("last_bought_order_number"), rs.getInt("in_last_order") == 1));
                double mean = rs.getDouble("mean_reorders_per_order");
                meanReorders.put(user, rs.wasNull() ? Double.NaN : mean);
            }
        }
        // Most often bought first; then the more recently bought; then the smaller id (see UserHistory).
        Comparator<Purchase> byFrequency = Comparator.comparingLong(Purchase::timesBought).reversed()
                .thenComparing(Comparator.comparingInt(Purchase::lastBought).reversed())
                .thenComparingLong(Purchase::productId);
        Map<Long, UserHistory> histories = new HashMap<>();
        purchases.forEach((user, list) -> {
            list.sort(byFrequency);
            histories.put(user, new UserHistory(user,
                    list.stream().filter(Purchase::inLastOrder).map(Purchase::productId).sorted().toList(),
                    list.stream().map(Purchase::productId).toList(),
                    UserHistory.basketSizeFromMeanReorders(meanReorders.get(user))));
        });
        return histories;
    }

    /**
     * The most popular products, as many as the longest baseline list needs: the longer ranking
     * cut-off, or the largest basket size k of any user.
     */
    static List<Long> popularProducts(DuckDbSqlEngine engine, Map<Long, UserHistory> histories) throws SQLException {
        int needed = Math.max(RankingScores.LONG_LIST,
                histories.values().stream().mapToInt(UserHistory::basketSize).max().orElse(0));
        record Popularity(long productId, long timesBought) {
        }
        List<Popularity> all = new ArrayList<>();
        try (Statement statement = engine.connection().createStatement();
             ResultSet rs = statement.executeQuery(SqlFiles.read("sql/evaluation/product_popularity.sql"))) {
            while (rs.next()) {
                all.add(new Popularity(rs.getLong("product_id"), rs.getLong("times_bought")));
            }
        }
        return all.stream()
                .sorted(Comparator.comparingLong(Popularity::timesBought).reversed().thenComparingLong(Popularity::productId))
                .limit(needed).map(Popularity::productId).toList();
    }
}
