package dev.replenish.sql.features;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.sql.TableQuery;
import dev.replenish.sql.SqlFiles;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The feature tables ({@code sql/features/<table>.sql}), declared in dependency order: a table
 * reads only the curated {@link #INPUTS} and tables declared before it. Both runtimes run them in
 * this order (the local features step, and the state machine's features states). One of them,
 * {@link #RECENT_ORDERS}, holds no features: the features step builds it from the same inputs.
 */
public enum FeatureTable {
    ORDER_CONTEXT("order_context_features", "one row per train/test order (the order being predicted)"),
    USER_PRODUCT("user_product_features", "one row per (user, product) bought in a prior order"),
    USER("user_features", "one row per user with a prior order"),
    PRODUCT("product_features", "one row per product bought in a prior order"),
    SIMILAR_PRODUCTS("similar_products", "one row per (product, one of its most similar products): \"bought together\""),
    POPULAR_PRODUCTS("popular_products", "one row per product in a user's latest prior order: \"popular now\""),
    CANDIDATES("candidates", "one row per candidate (user, product), with the sources that proposed it"),
    /**
     * Not features: the orders route's history, which the join packs into one value per user and
     * the load writes into the user's item. It reads only the curated inputs; it comes last so the
     * features' own order is unchanged.
     */
    RECENT_ORDERS("user_recent_orders", "one row per (user, one of the user's latest prior orders), its products in cart order");

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

    /** The table's SELECT as shipped on the classpath, its settings rendered with the defaults. */
    public String sql() {
        return sql(ReplenishConfig.defaults().candidateSources());
    }

    /** The table's SELECT with the given candidate settings rendered into its placeholders. */
    public String sql(ReplenishConfig.CandidateSources settings) {
        return render(tableName, SqlFiles.feature(tableName), settings);
    }

    /** The statement that writes this table for a run with the default settings (the cloud's query Lambda). */
    public TableQuery query(String runId) {
        return query(runId, ReplenishConfig.defaults().candidateSources());
    }

    /** The statement that writes this table for a run, under {@code features/<run>/<table>/}. */
    public TableQuery query(String runId, ReplenishConfig.CandidateSources settings) {
        return new TableQuery(tableName, sql(settings), LakeLayout.features(runId, tableName));
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

    /**
     * Replaces every {@code ${name}} of a feature file (comments included, so they read true) with
     * its setting; a name no setting has is an error naming the file, never left for the engine.
     */
    public static String render(String source, String sql, ReplenishConfig.CandidateSources settings) {
        Map<String, String> values = settings.sqlParameters();
        Matcher matcher = PLACEHOLDER.matcher(sql);
        StringBuilder rendered = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("feature SQL " + source + ": unknown setting ${" + matcher.group(1)
                        + "}; settings are " + values.keySet());
            }
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(rendered);
        return rendered.toString();
    }

    public static FeatureTable byTableName(String name) {
        return Arrays.stream(values()).filter(t -> t.tableName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown feature table '" + name + "'; feature tables are "
                        + Arrays.stream(values()).map(FeatureTable::tableName).collect(Collectors.joining(", "))));
    }
}
