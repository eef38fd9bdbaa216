package dev.replenish.sql.features;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.sql.TableQuery;
import dev.replenish.sql.SqlFiles;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The feature tables ({@code sql/features/<table>.sql}), declared in dependency order: a table
 * reads only the curated {@link #INPUTS} and tables declared before it. Both runtimes run them in
 * this order (the local features step, and the state machine's features states).
 */
public enum FeatureTable {
    ORDER_CONTEXT("order_context_features", "one row per train/test order (the order being predicted)"),
    USER_PRODUCT("user_product_features", "one row per (user, product) bought in a prior order"),
    USER("user_features", "one row per user with a prior order"),
    PRODUCT("product_features", "one row per product bought in a prior order");

    /**
     * The curated tables feature SQL may read. order_products_train is not among them: its lines
     * are the labels.
     */
    public static final List<InstacartTable> INPUTS = List.of(
            InstacartTable.ORDERS, InstacartTable.ORDER_PRODUCTS_PRIOR, InstacartTable.PRODUCTS);

    private final String tableName;
    private final String grain;

    FeatureTable(String tableName, String grain) {
        this.tableName = tableName;
        this.grain = grain;
    }

    public String tableName() {
        return tableName;
    }

    /** What one row stands for. */
    public String grain() {
        return grain;
    }

    /** The table's SELECT, as shipped on the classpath. */
    public String sql() {
        return SqlFiles.feature(tableName);
    }

    /** The statement that writes this table for a run, under {@code features/<run>/<table>/}. */
    public TableQuery query(String runId) {
        return new TableQuery(tableName, sql(), LakeLayout.features(runId, tableName));
    }

    public static FeatureTable byTableName(String name) {
        return Arrays.stream(values()).filter(t -> t.tableName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown feature table '" + name + "'; feature tables are "
                        + Arrays.stream(values()).map(FeatureTable::tableName).collect(Collectors.joining(", "))));
    }
}
