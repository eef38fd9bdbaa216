package dev.replenish.local.features;

import dev.replenish.core.contract.InstacartTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Six raw files small enough to compute every feature by hand.
 *
 * <pre>
 * products: 1 Banana (aisle 1 fruit, dept 1 produce)   2 Yogurt (aisle 2 yogurt, dept 2 dairy)
 *           3 Strawberries (aisle 1, dept 1)          4 Milk (aisle 3 milk, dept 2)   5 Eggs (aisle 3, dept 2)
 *
 * user 1  order 10 prior #1  dow 1 hour 8   days -    lines: Banana(cart 1), Yogurt(2)
 *         order 11 prior #2  dow 3 hour 9   days 7    lines: Strawberries(1)                 (no reorder)
 *         order 12 prior #3  dow 5 hour 10  days 14   lines: Strawberries(1), Banana(2), Milk(3)
 *         order 13 train #4  dow 0 hour 11  days 10   labels: Banana(1), Milk(2), Eggs(3)
 * user 2  order 20 prior #1  dow 2 hour 12  days -    lines: Banana(1), Milk(2)
 *         order 21 test  #2  dow 4 hour 15  days 30
 * </pre>
 * Lines are listed out of order_number order in the file on purpose: nothing may rely on file order.
 */
final class FeatureFixture {

    static final String ORDERS_HEADER =
            "order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,days_since_prior_order\n";
    static final String LINES_HEADER = "order_id,product_id,add_to_cart_order,reordered\n";

    private final Map<InstacartTable, String> files = new EnumMap<>(InstacartTable.class);

    FeatureFixture() {
        files.put(InstacartTable.DEPARTMENTS, "department_id,department\n1,produce\n2,dairy eggs\n");
        files.put(InstacartTable.AISLES, "aisle_id,aisle\n1,fresh fruits\n2,yogurt\n3,milk\n");
        files.put(InstacartTable.PRODUCTS, "product_id,product_name,aisle_id,department_id\n"
                + "1,Banana,1,1\n"
                + "2,Yogurt,2,2\n"
                + "3,Strawberries,1,1\n"
                + "4,Milk,3,2\n"
                + "5,Eggs,3,2\n");
        files.put(InstacartTable.ORDERS, ORDERS_HEADER
                + "12,1,prior,3,5,10,14\n"
                + "10,1,prior,1,1,8,\n"
                + "11,1,prior,2,3,9,7\n"
                + "13,1,train,4,0,11,10\n"
                + "20,2,prior,1,2,12,\n"
                + "21,2,test,2,4,15,30\n");
        files.put(InstacartTable.ORDER_PRODUCTS_PRIOR, LINES_HEADER
                + "12,3,1,1\n"
                + "12,1,2,1\n"
                + "12,4,3,0\n"
                + "10,1,1,0\n"
                + "10,2,2,0\n"
                + "11,3,1,0\n"
                + "20,1,1,0\n"
                + "20,4,2,0\n");
        files.put(InstacartTable.ORDER_PRODUCTS_TRAIN, LINES_HEADER
                + "13,1,1,1\n"
                + "13,4,2,1\n"
                + "13,5,3,0\n");
    }

    FeatureFixture with(InstacartTable table, String content) {
        files.put(table, content);
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
