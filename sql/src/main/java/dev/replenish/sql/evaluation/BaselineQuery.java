package dev.replenish.sql.evaluation;

import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.sql.TableQuery;
import dev.replenish.sql.SqlFiles;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The queries of {@code sql/evaluation/}: what the frequency baselines know (global popularity and
 * each validation user's history). The local evaluate step reads their results from DuckDB; in the
 * cloud they run as Athena CTAS into {@link LakeLayout#baselineInputs} as headerless CSV, which the
 * evaluation gate reads back by position ({@link #columns()}).
 */
public enum BaselineQuery {
    PRODUCT_POPULARITY("product_popularity", List.of("product_id", "times_bought")),
    USER_PRODUCT_HISTORY("user_product_history", List.of("user_id", "product_id", "times_bought",
            "last_bought_order_number", "in_last_order", "mean_reorders_per_order"));

    /**
     * The join's validation rows ({@code training/<run>/evaluation/}), by the name the history query
     * reads them; only their {@code user_id} is used (the set of validation users).
     */
    public static final String VALIDATION_CANDIDATES = "validation_candidates";

    private final String tableName;
    private final List<String> columns;

    BaselineQuery(String tableName, List<String> columns) {
        this.tableName = tableName;
        this.columns = columns;
    }

    public String tableName() {
        return tableName;
    }

    /** The result's columns in SELECT order (PortableSqlTest checks them against the file). */
    public List<String> columns() {
        return columns;
    }

    public String sql() {
        return SqlFiles.read("sql/evaluation/" + tableName + ".sql");
    }

    /** The cloud's CTAS of this query for a run: CSV under {@code training/<run>/baselines/<table>/}. */
    public TableQuery query(String runId) {
        return new TableQuery(tableName, sql(), LakeLayout.baselineInputs(runId, tableName), TableQuery.Format.CSV);
    }

    public static BaselineQuery byTableName(String name) {
        return Arrays.stream(values()).filter(q -> q.tableName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown evaluation query '" + name + "'; queries are "
                        + Arrays.stream(values()).map(BaselineQuery::tableName).collect(Collectors.joining(", "))));
    }
}
