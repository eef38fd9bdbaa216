package dev.replenish.local.ingest;

import dev.replenish.core.contract.InstacartTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * A tiny, valid six-file data set written by hand; each test replaces the one file it breaks.
 * Two users: user 1 has two prior orders and a train order, user 2 one prior order and a test order.
 */
final class RawFixture {

    private final Map<InstacartTable, String> files = new EnumMap<>(InstacartTable.class);

    RawFixture() {
        files.put(InstacartTable.DEPARTMENTS, "department_id,department\n1,produce\n2,dairy eggs\n");
        files.put(InstacartTable.AISLES, "aisle_id,aisle\n1,fresh fruits\n2,yogurt\n");
        files.put(InstacartTable.PRODUCTS, "product_id,product_name,aisle_id,department_id\n"
                + "1,Banana,1,1\n"
                + "2,\"Yogurt, Greek \"\"Plain\"\"\",2,2\n"
                + "3,Organic Strawberries,1,1\n");
        files.put(InstacartTable.ORDERS, "order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,days_since_prior_order\n"
                + "10,1,prior,1,2,8,\n"
                + "11,1,prior,2,3,9,7.0\n"
                + "12,1,train,3,4,10,30.0\n"
                + "20,2,prior,1,0,23,\n"
                + "21,2,test,2,6,0,14.0\n");
        files.put(InstacartTable.ORDER_PRODUCTS_PRIOR, "order_id,product_id,add_to_cart_order,reordered\n"
                + "10,1,1,0\n"
                + "10,2,2,0\n"
                + "11,1,1,1\n"
                + "20,3,1,0\n");
        files.put(InstacartTable.ORDER_PRODUCTS_TRAIN, "order_id,product_id,add_to_cart_order,reordered\n"
                + "12,1,1,1\n"
                + "12,3,2,0\n");
    }

    RawFixture with(InstacartTable table, String content) {
        files.put(table, content);
        return this;
    }

    RawFixture without(InstacartTable table) {
        files.remove(table);
        return this;
    }

    /** Appends data lines to a table's file. */
    RawFixture plus(InstacartTable table, String lines) {
        files.put(table, files.get(table) + lines);
        return this;
    }

    Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<InstacartTable, String> file : files.entrySet()) {
            Files.writeString(dir.resolve(file.getKey().fileName()), file.getValue(), StandardCharsets.UTF_8);
        }
        return dir;
    }
}
