package dev.replenish.local.generate;

import dev.replenish.sources.generate.GeneratedData;
import dev.replenish.local.stats.InstacartStatistics;
import dev.replenish.local.stats.Measurement;
import dev.replenish.local.stats.Statistic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 2,000 generated users behave like Instacart: each statistic within a tolerance of the published
 * figure. The tolerance is 10% (the project's acceptance bar) where the statistic averages over
 * thousands of orders or lines; it is wider where 2,000 users give a small sample:
 * <ul>
 *   <li>train orders without a re-order: about 1,270 train orders, 6% of them is about 76, whose
 *       Poisson spread is 11% of itself, so 10% would fail for many seeds; 35% is three spreads;</li>
 *   <li>days between orders, shares at 7 and at 30: these spikes come from the few hundred weekly
 *       and monthly shoppers among 2,000 users, so they move with the users drawn (seeds 1-6 spread
 *       them by up to 13%); 20% is held;</li>
 *   <li>basket size max: a tail value; at 2,000 users (about 33,000 orders) only a few stock-up
 *       orders happen, so it is held to 100..145 rather than to 145.</li>
 * </ul>
 * Counts with a fixed published value (catalog size, min orders, medians) must match exactly.
 */
class GeneratedStatisticsTest {

    static final int USERS = 2_000;

    @TempDir
    static Path dir;
    static Map<Statistic, Measurement> measured = new EnumMap<>(Statistic.class);

    @BeforeAll
    static void generateAndMeasure() throws Exception {
        GeneratedData.generate(dir, USERS, 1, 2);
        for (Measurement measurement : InstacartStatistics.measure(dir)) {
            measured.put(measurement.statistic(), measurement);
        }
    }

    @Test
    void averagesAndSharesAreWithinTenPercentOfInstacart() {
        // GIVEN the statistics that average over thousands of orders or lines
        List<Statistic> averaged = List.of(Statistic.ORDERS, Statistic.ORDERS_PER_USER_MEAN, Statistic.ORDERS_PER_USER_MAX,
                Statistic.BASKET_MEAN, Statistic.PRIOR_REORDER_SHARE, Statistic.TRAIN_REORDER_SHARE, Statistic.DAYS_MEAN,
                Statistic.TRAIN_USER_SHARE);
        // WHEN each is compared with its published value
        List<String> off = new ArrayList<>();
        for (Statistic statistic : averaged) {
            double deviation = measured.get(statistic).deviationPercent().orElseThrow();
            if (Math.abs(deviation) > 10) {
                off.add(statistic.label() + " " + Math.round(deviation) + "%");
            }
        }
        // THEN none is more than 10% off
        assertTrue(off.isEmpty(), "off by more than 10%: " + off);
    }

    @Test
    void exactFiguresMatch() {
        // GIVEN the statistics Instacart fixes: catalog size, the 4-order minimum, the medians
        // WHEN / THEN they are exactly the published values
        for (Statistic statistic : List.of(Statistic.AISLES, Statistic.DEPARTMENTS, Statistic.PRODUCTS,
                Statistic.ORDERS_PER_USER_MIN, Statistic.BASKET_MEDIAN, Statistic.DAYS_MEDIAN)) {
            assertEquals(statistic.published(), value(statistic), statistic.label());
        }
        assertEquals(USERS, value(Statistic.USERS));
    }

    @Test
    void smallSampleFiguresAreWithinTheirWiderTolerance() {
        // GIVEN the statistics 2,000 users only sample thinly (see the class comment)
        double withoutReorder = measured.get(Statistic.TRAIN_ORDERS_WITHOUT_REORDER).deviationPercent().orElseThrow();
        double at7 = measured.get(Statistic.DAYS_AT_7).deviationPercent().orElseThrow();
        double at30 = measured.get(Statistic.DAYS_AT_30).deviationPercent().orElseThrow();
        double largestBasket = value(Statistic.BASKET_MAX);
        // WHEN / THEN they are within their tolerance
        assertTrue(Math.abs(withoutReorder) <= 35, "train orders without a re-order off by " + withoutReorder + "%");
        assertTrue(Math.abs(at7) <= 20, "share of 7-day gaps off by " + at7 + "%");
        assertTrue(Math.abs(at30) <= 20, "share of 30-day gaps off by " + at30 + "%");
        assertTrue(largestBasket >= 100 && largestBasket <= 145, "largest basket " + largestBasket);
    }

    private static double value(Statistic statistic) {
        return measured.get(statistic).value().orElseThrow();
    }
}
