package dev.replenish.core.lake;

import dev.replenish.core.contract.InstacartTable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LakeLayoutTest {

    @Test
    void prefixesFollowTheArchitecture() {
        // GIVEN the orders table and a run id
        // THEN the keys are those the architecture lists, relative and ending with '/'
        assertEquals("curated/order_products_prior/", LakeLayout.curated(InstacartTable.ORDER_PRODUCTS_PRIOR));
        assertEquals("rejects/orders/", LakeLayout.rejects(InstacartTable.ORDERS));
        assertEquals("features/run-1/user_features/", LakeLayout.features("run-1", "user_features"));
        assertEquals("training/run-1/validation/", LakeLayout.training("run-1", "validation"));
        assertEquals("tmp/curate/orders/", LakeLayout.scratch("curate", "orders"));
        // AND the cloud evaluation's inputs sit inside the run's training prefix, which the pipeline rebuilds
        assertEquals("training/run-1/evaluation-scores/", LakeLayout.evaluationScores("run-1"));
        assertEquals("training/run-1/baselines/product_popularity/", LakeLayout.baselineInputs("run-1", "product_popularity"));
        assertTrue(LakeLayout.isRebuilt(LakeLayout.baselineInputs("run-1", "product_popularity")));
    }

    @Test
    void aScratchNameThatCouldEscapeTmpIsRefused() {
        // GIVEN scratch names with a separator or parent reference
        // THEN they are refused
        assertThrows(IllegalArgumentException.class, () -> LakeLayout.scratch("curate", "../curated"));
        assertThrows(IllegalArgumentException.class, () -> LakeLayout.scratch("a/b", "orders"));
    }

    @Test
    void aRunIdThatCouldEscapeItsPrefixIsRefused() {
        // GIVEN run ids with a path separator or parent reference
        // THEN they are refused rather than written outside the lake prefix
        assertThrows(IllegalArgumentException.class, () -> LakeLayout.models("../other"));
        assertThrows(IllegalArgumentException.class, () -> LakeLayout.reports("a/b"));
    }

    @Test
    void onlyPrefixesThePipelineRebuildsMayBeEmptied() {
        // GIVEN keys under each zone
        // THEN derived zones may be emptied before a rewrite; raw data, the root and escapes may not
        assertTrue(LakeLayout.isRebuilt("curated/orders/"));
        assertTrue(LakeLayout.isRebuilt("features/run-1/user_features/"));
        assertTrue(LakeLayout.isRebuilt("tmp/curate/orders/"));
        assertFalse(LakeLayout.isRebuilt("raw/orders/"));
        assertFalse(LakeLayout.isRebuilt("curated/"));
        assertFalse(LakeLayout.isRebuilt(""));
        assertFalse(LakeLayout.isRebuilt("features/../raw/orders/"));
    }
}
