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

    /** The join's whole target baskets of the validation orders ({@code training/<run>/evaluation-targets/}). */
    static Map<Long, java.util.Set<Long>> targets(DuckDbSqlEngine engine, java.nio.file.Path folder) throws SQLException {
        if (!java.nio.file.Files.isDirectory(folder)) {
            throw new dev.replenish.local.UserError("no target baskets under " + folder + ": run the join step again "
                    + "(it writes them for the next-basket metrics)");
        }
        List<BaselineInputs.TargetProduct> rows = new ArrayList<>();
        try (Statement statement = engine.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT order_id, product_id FROM read_csv('"
                     + folder.toString().replace("'", "''") + "/*.csv', header = false, "
                     + "columns = {'order_id': 'BIGINT', 'product_id': 'BIGINT'})")) {
            while (rs.next()) {
                rows.add(new BaselineInputs.TargetProduct(rs.getLong(1), rs.getLong(2)));
            }
        }
        return BaselineInputs.targets(rows);
    }
}
