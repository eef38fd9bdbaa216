package dev.replenish.lambdas.query;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.sql.curate.CuratePlan;
import dev.replenish.sql.evaluation.BaselineQuery;
import dev.replenish.sql.features.FeatureTable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The pipeline stages whose work is SQL, and the names of their queries in the order they run. */
public enum QueryStage {
    /** One query per statement of each table's curate plan: {@code <table>.<check|accept|reject>}. */
    CURATE("curate"),
    /** One query per feature table: {@code <table>}, e.g. {@code user_features}. */
    FEATURES("features"),
    /** One query per baseline input of the evaluate step: {@code <table>}, e.g. {@code user_product_history}. */
    EVALUATION("evaluation");

    private final String id;

    QueryStage(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The stage's query names in the order they must run (the state machine runs them in this order). */
    public List<String> queryNames() {
        List<String> names = new ArrayList<>();
        if (this == CURATE) {
            for (InstacartTable table : InstacartTable.values()) {
                for (CuratePlan.Statement statement : CuratePlan.Statement.values()) {
                    names.add(table.tableName() + "." + statement.id());
                }
            }
        } else if (this == FEATURES) {
            for (FeatureTable table : FeatureTable.values()) {
                names.add(table.tableName());
            }
        } else {
            for (BaselineQuery query : BaselineQuery.values()) {
                names.add(query.tableName());
            }
        }
        return names;
    }

    public static QueryStage byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of "
                        + Arrays.stream(values()).map(QueryStage::id).collect(Collectors.joining(", ")) + "; was '" + id + "'"));
    }
}
