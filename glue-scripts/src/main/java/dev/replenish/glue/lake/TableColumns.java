package dev.replenish.glue.lake;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Arrays;
import java.util.List;

/** The check every fitted model makes of the tables it is handed, with one error wording. */
public final class TableColumns {

    private TableColumns() {
    }

    /**
     * @param neededBy what reads the table ("the shopping missions"), named in the error
     * @param what     the table ("the prior order lines")
     * @throws IllegalStateException naming every missing column and the columns present
     */
    public static void require(Dataset<Row> table, String neededBy, String what, String... columns) {
        List<String> present = Arrays.asList(table.columns());
        List<String> missing = Arrays.stream(columns).filter(column -> !present.contains(column)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    what + " lack the column(s) " + missing + " " + neededBy + " need (present: " + present + ")");
        }
    }
}
