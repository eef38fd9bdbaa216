package dev.replenish.local.evaluation;

import dev.replenish.core.evaluation.BaselineInputs;
import dev.replenish.core.evaluation.BaselineInputs.ProductPopularity;
import dev.replenish.core.evaluation.BaselineInputs.UserProductPurchase;
import dev.replenish.core.evaluation.UserHistory;
import dev.replenish.local.sql.DuckDbSqlEngine;
import dev.replenish.sql.evaluation.BaselineQuery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the baselines need, from the curated prior orders: the rows of the portable queries in
 * {@code sql/evaluation/}, run on DuckDB, turned into histories by core's {@link BaselineInputs}.
 */
final class BaselineHistory {

    private BaselineHistory() {
    }

    static Map<Long, UserHistory> histories(DuckDbSqlEngine engine) throws SQLException {
        List<UserProductPurchase> rows = new ArrayList<>();
        try (Statement statement = engine.connection().createStatement();
             ResultSet rs = statement.executeQuery(BaselineQuery.USER_PRODUCT_HISTORY.sql())) {
            while (rs.next()) {
                double mean = rs.getDouble("mean_reorders_per_order");
                rows.add(new UserProductPurchase(rs.getLong("user_id"), rs.getLong("product_id"), rs.getLong("times_bought"),
                        rs.getInt("last_bought_order_number"), rs.getInt("in_last_order") == 1, rs.wasNull() ? Double.NaN : mean));
            }
        }
        return BaselineInputs.histories(rows);
    }

    static List<Long> popularProducts(DuckDbSqlEngine engine, Map<Long, UserHistory> histories) throws SQLException {
        List<ProductPopularity> all = new ArrayList<>();
        try (Statement statement = engine.connection().createStatement();
             ResultSet rs = statement.executeQuery(BaselineQuery.PRODUCT_POPULARITY.sql())) {
            while (rs.next()) {
                all.add(new ProductPopularity(rs.getLong("product_id"), rs.getLong("times_bought")));
            }
        }
        return BaselineInputs.popularProducts(all, histories);
    }
}
