package dev.replenish.sources.generate;

import dev.replenish.sources.instacart.InstacartFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data must teach a model something: whether a user re-buys a product in the train order
 * depends on how due it is (days since its last purchase against the user's own interval for it),
 * not only on how often it was bought. If re-tuning the generator washes that out, these fail.
 */
class GeneratedSignalTest {

    /** User x product candidates with their train label and the features the rules below use. */
    static final String CANDIDATES = """
            CREATE TABLE candidates AS
            WITH orders AS (
              SELECT *, sum(coalesce(days_since_prior_order, 0)) OVER (PARTITION BY user_id ORDER BY order_number) AS day
              FROM {orders}),
            train AS (SELECT user_id, order_id, order_number, day FROM orders WHERE eval_set = 'train'),
            bought AS (
              SELECT o.user_id, l.product_id, count(*) AS times, max(o.order_number) AS last_order,
                     max(o.day) AS last_day, min(o.day) AS first_day
              FROM {order_products_prior} l JOIN orders o USING (order_id) GROUP BY ALL)
            SELECT b.*, t.order_number - 1 - b.last_order AS orders_since, t.day - b.last_day AS days_since,
                   CASE WHEN b.times > 1 THEN (b.last_day - b.first_day) / (b.times - 1.0) END AS interval,
                   CAST(b.times AS DOUBLE) / (t.order_number - 1) AS frequency,
                   l.product_id IS NOT NULL AS in_train
            FROM bought b JOIN train t USING (user_id)
            LEFT JOIN {order_products_train} l ON l.order_id = t.order_id AND l.product_id = b.product_id""";

    @TempDir
    static Path dir;
    static InstacartFiles files;

    @BeforeAll
    static void generate() throws Exception {
        GeneratedData.generate(dir, 2_000, 5, 2);
        files = InstacartFiles.at(dir);
        files.rows(CANDIDATES + " ; SELECT 1");
    }

    @AfterAll
    static void close() throws Exception {
        files.close();
    }

    @Test
    void aRegularProductComesBackMoreOftenOnceItIsDue() throws Exception {
        // GIVEN products a user bought at least three times, split by how due they are at the train order
        // WHEN the share that is in the train basket is measured per group
        Map<String, Double> share = files.rows("""
                SELECT CASE WHEN days_since < 0.5 * interval THEN 'early' ELSE 'due' END,
                       avg(CASE WHEN in_train THEN 1.0 ELSE 0.0 END)
                FROM candidates WHERE times >= 3 AND days_since < 2 * interval GROUP BY 1""").stream()
                .collect(Collectors.toMap(row -> row.get(0), row -> Double.parseDouble(row.get(1))));
        // THEN due products come back at least one and a half times as often as early ones
        assertTrue(share.get("due") > 1.5 * share.get("early"), "re-buy share by dueness: " + share);
    }

    @Test
    void rankingByDuenessBeatsRepeatLastOrderAndTopKFrequentOnMeanF1() throws Exception {
        // GIVEN three ways to predict each train basket from the user's history, each picking
        // as many products as the user's average basket (repeat-last picks its last order)
        String f1 = """
                WITH sizes AS (SELECT user_id, round(avg(n)) AS k FROM (SELECT o.user_id, o.order_id, count(*) AS n
                                 FROM {order_products_prior} l JOIN {orders} o USING (order_id) GROUP BY ALL) GROUP BY ALL),
                truth AS (SELECT user_id, count(*) FILTER (WHERE in_train) AS actual FROM candidates GROUP BY ALL),
                train_sizes AS (SELECT o.user_id, count(*) AS basket FROM {order_products_train} l JOIN {orders} o USING (order_id) GROUP BY ALL),
                ranked AS (SELECT c.*, s.k, row_number() OVER (PARTITION BY c.user_id ORDER BY %s) AS rank
                           FROM candidates c JOIN sizes s USING (user_id)),
                picked AS (SELECT user_id, count(*) AS predicted, count(*) FILTER (WHERE in_train) AS hits
                           FROM ranked WHERE %s GROUP BY ALL)
                SELECT avg(CASE WHEN hits IS NULL OR hits = 0 THEN 0.0 ELSE 2.0 * hits / (predicted + basket) END)
                FROM train_sizes LEFT JOIN picked USING (user_id)""";
        // WHEN each is scored by mean F1 over the train users
        double repeatLast = files.number(String.format(f1, "product_id", "orders_since = 0"));
        double topFrequent = files.number(String.format(f1, "times DESC, days_since", "rank <= k"));
        double byDueness = files.number(String.format(f1,
                "frequency * CASE WHEN interval IS NULL THEN 0.5 ELSE least(1.0, pow(days_since / greatest(interval, 1), 2)) END DESC",
                "rank <= k"));
        // THEN the rule that knows about dueness wins, so a model with such features has something to learn
        List<Double> scores = List.of(repeatLast, topFrequent, byDueness);
        assertTrue(byDueness > topFrequent + 0.01 && byDueness > repeatLast + 0.01,
                "mean F1 repeat-last, top-k frequent, by dueness: " + scores);
    }
}
