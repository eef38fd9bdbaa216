package dev.replenish.local.stats;

import dev.replenish.local.UserError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Statistics of a tiny directory written by hand, against values computed by hand:
 * <pre>
 * user 1: orders 11 (prior, first), 12 (prior, 7 days), 13 (train, 30 days)
 * user 2: orders 21 (prior, first), 22 (prior, 3), 23 (prior, 7), 24 (test, 14)
 * user 3: orders 31 (prior, first), 32 (train, 10)
 * prior baskets (lines/re-orders): 11: 2/0, 12: 3/1, 21: 1/0, 22: 2/1, 23: 4/2, 31: 2/0
 * train baskets: 13: 3/3, 32: 1/0
 * </pre>
 */
class InstacartStatisticsTest {

    @TempDir
    Path dir;

    @BeforeEach
    void writeTinyDirectory() throws Exception {
        write("departments.csv", "department_id,department", "1,produce", "2,dairy eggs");
        write("aisles.csv", "aisle_id,aisle", "1,fresh fruits", "2,milk", "3,yogurt");
        write("products.csv", "product_id,product_name,aisle_id,department_id",
                "1,Banana,1,1", "2,\"Milk, Whole\",2,2", "3,\"Mama's \"\"Best\"\" Yogurt\",3,2", "4,Apple,1,1");
        write("orders.csv", "order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,days_since_prior_order",
                "11,1,prior,1,0,9,", "12,1,prior,2,0,10,7.0", "13,1,train,3,2,11,30.0",
                "21,2,prior,1,1,8,", "22,2,prior,2,4,8,3.0", "23,2,prior,3,4,9,7.0", "24,2,test,4,4,9,14.0",
                "31,3,prior,1,5,20,", "32,3,train,2,1,21,10.0");
        write("order_products__prior.csv", "order_id,product_id,add_to_cart_order,reordered",
                "11,1,1,0", "11,2,2,0",
                "12,1,1,1", "12,3,2,0", "12,4,3,0",
                "21,2,1,0",
                "22,2,1,1", "22,1,2,0",
                "23,2,1,1", "23,1,2,1", "23,3,3,0", "23,4,4,0",
                "31,4,1,0", "31,3,2,0");
        write("order_products__train.csv", "order_id,product_id,add_to_cart_order,reordered",
                "13,1,1,1", "13,3,2,1", "13,2,3,1",
                "32,1,1,0");
    }

    @Test
    void measuresEachStatisticOfAHandMadeDirectory() {
        // GIVEN the tiny directory described above
        // WHEN it is measured
        Map<Statistic, Measurement> measured = new EnumMap<>(Statistic.class);
        InstacartStatistics.measure(dir).forEach(m -> measured.put(m.statistic(), m));

        // THEN every value is the hand-computed one
        Map<Statistic, Double> expected = new EnumMap<>(Statistic.class);
        expected.put(Statistic.USERS, 3.0);
        expected.put(Statistic.ORDERS, 9.0);
        expected.put(Statistic.ORDERS_PER_USER_MEAN, 3.0);      // (3 + 4 + 2) / 3
        expected.put(Statistic.ORDERS_PER_USER_MIN, 2.0);
        expected.put(Statistic.ORDERS_PER_USER_MAX, 4.0);
        expected.put(Statistic.BASKET_MEAN, 18.0 / 8);           // sizes 2,3,1,2,4,2 and 3,1
        expected.put(Statistic.BASKET_MEDIAN, 2.0);              // sorted 1,1,2,2,2,3,3,4
        expected.put(Statistic.BASKET_MAX, 4.0);
        expected.put(Statistic.PRIOR_REORDER_SHARE, 4.0 / 14);
        expected.put(Statistic.TRAIN_REORDER_SHARE, 3.0 / 4);
        expected.put(Statistic.TRAIN_ORDERS_WITHOUT_REORDER, 1.0 / 2);
        expected.put(Statistic.DAYS_MEAN, 71.0 / 6);             // 7, 30, 3, 7, 14, 10
        expected.put(Statistic.DAYS_MEDIAN, 8.5);                // (7 + 10) / 2
        expected.put(Statistic.DAYS_AT_30, 1.0 / 6);
        expected.put(Statistic.DAYS_AT_7, 2.0 / 6);
        expected.put(Statistic.TRAIN_USER_SHARE, 2.0 / 3);      // users 1 and 3 train, user 2 test
        expected.put(Statistic.AISLES, 3.0);
        expected.put(Statistic.DEPARTMENTS, 2.0);
        expected.put(Statistic.PRODUCTS, 4.0);
        assertEquals(Statistic.values().length, expected.size(), "every statistic has an expected value");
        expected.forEach((statistic, value) ->
                assertEquals(value, measured.get(statistic).value().orElseThrow(), 1e-9, statistic.label()));
    }

    @Test
    void totalsAreComparedPerUserAndTheUserCountIsNotCompared() {
        // GIVEN the tiny directory of 3 users
        // WHEN it is measured
        Map<Statistic, Measurement> measured = new EnumMap<>(Statistic.class);
        InstacartStatistics.measure(dir).forEach(m -> measured.put(m.statistic(), m));

        // THEN the orders target is Instacart's orders per user times 3, and users have no target
        assertEquals(3 * 3_421_083.0 / 206_209, measured.get(Statistic.ORDERS).target().orElseThrow(), 1e-9);
        assertTrue(measured.get(Statistic.USERS).deviationPercent().isEmpty());
        // AND a deviation is relative to the target: 3 aisles against 134
        assertEquals(100.0 * (3 - 134) / 134, measured.get(Statistic.AISLES).deviationPercent().orElseThrow(), 1e-9);
    }

    @Test
    void aMissingFileIsAUserErrorNamingIt() throws Exception {
        // GIVEN the directory without its train lines
        Files.delete(dir.resolve("order_products__train.csv"));
        // WHEN it is measured
        UserError error = assertThrows(UserError.class, () -> InstacartStatistics.measure(dir));
        // THEN the error names the file
        assertTrue(error.getMessage().contains("order_products__train.csv") && error.getMessage().contains("missing"),
                error.getMessage());
    }

    @Test
    void anEmptyFileOrAWrongHeaderIsAUserErrorNamingTheFile() throws Exception {
        // GIVEN an empty aisles file
        write("aisles.csv");
        // WHEN / THEN measuring names it as empty
        UserError empty = assertThrows(UserError.class, () -> InstacartStatistics.measure(dir));
        assertTrue(empty.getMessage().contains("aisles.csv") && empty.getMessage().contains("empty"), empty.getMessage());

        // GIVEN an aisles file whose columns are swapped
        write("aisles.csv", "aisle,aisle_id", "fresh fruits,1");
        // WHEN / THEN measuring names the file and the expected header
        UserError header = assertThrows(UserError.class, () -> InstacartStatistics.measure(dir));
        assertTrue(header.getMessage().contains("aisles.csv") && header.getMessage().contains("aisle_id,aisle"), header.getMessage());
    }

    @Test
    void aNumberTheStatisticsNeedThatIsNotANumberIsAUserErrorNamingTheFile() throws Exception {
        // GIVEN an order line whose reordered flag is not a number (columns the statistics do not use
        // are not parsed: checking every value is ingestion's job)
        write("order_products__prior.csv", "order_id,product_id,add_to_cart_order,reordered", "11,1,1,yes");
        // WHEN it is measured
        UserError error = assertThrows(UserError.class, () -> InstacartStatistics.measure(dir));
        // THEN the error names the file
        assertTrue(error.getMessage().contains("order_products__prior.csv"), error.getMessage());
    }

    @Test
    void aDirectoryThatDoesNotExistIsAUserError() {
        // GIVEN a path with nothing there
        Path nowhere = dir.resolve("nowhere");
        // WHEN / THEN measuring it says so
        UserError error = assertThrows(UserError.class, () -> InstacartStatistics.measure(nowhere));
        assertTrue(error.getMessage().contains("nowhere"), error.getMessage());
    }

    private void write(String file, String... lines) throws Exception {
        Files.write(dir.resolve(file), java.util.List.of(lines));
    }
}
