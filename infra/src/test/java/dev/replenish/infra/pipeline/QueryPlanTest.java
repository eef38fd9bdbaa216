package dev.replenish.infra.pipeline;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.sql.curate.CuratePlan;
import dev.replenish.sql.evaluation.BaselineQuery;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryPlanTest {

    @Test
    void curateWavesRunEachChecksAfterTheAcceptsOfTheTablesItRefersTo() {
        // GIVEN the data contract WHEN the curate plan is derived
        QueryPlan plan = QueryPlan.curate();

        // THEN lookup tables and orders are checked first; products is checked once aisles and
        // departments are accepted, the order lines once orders and products are; a table's accept
        // and reject share the wave after its check
        assertEquals(List.of(
                List.of("departments.check", "aisles.check", "orders.check"),
                List.of("departments.accept", "departments.reject", "aisles.accept", "aisles.reject",
                        "orders.accept", "orders.reject"),
                List.of("products.check"),
                List.of("products.accept", "products.reject"),
                List.of("order_products_prior.check", "order_products_train.check"),
                List.of("order_products_prior.accept", "order_products_prior.reject",
                        "order_products_train.accept", "order_products_train.reject")), plan.waves());
        assertEquals("curate", plan.stage());
    }

    @Test
    void curatePlanNamesEveryStatementOfEveryTableOnceAsTheHandlersExpect() {
        // GIVEN the contract and the curate statements WHEN planned
        List<String> queries = QueryPlan.curate().queries();

        // THEN each table's check, accept and reject appears exactly once, named <table>.<statement>
        List<String> expected = Arrays.stream(InstacartTable.values())
                .flatMap(table -> Arrays.stream(CuratePlan.Statement.values()).map(s -> table.tableName() + "." + s.id()))
                .sorted().toList();
        assertEquals(expected, queries.stream().sorted().toList());
    }

    @Test
    void featureWavesComeFromTheSqlFilesAndTheirReferences() {
        // GIVEN the fixture: user_product_features reads user_features; product_features only
        // mentions user_features in a comment
        Path sql = Path.of("src/test/resources/sql-fixture");

        // WHEN the features plan is derived
        QueryPlan plan = QueryPlan.features(sql);

        // THEN independent queries share the first wave and the dependent one waits
        assertEquals(List.of(
                List.of("order_context", "product_features", "user_features"),
                List.of("user_product_features")), plan.waves());
    }

    @Test
    void theShippedFeatureFilesRunTheCandidateSourcesAsStatesAfterTheTablesTheyRead() {
        // GIVEN the repository's own sql/features files (the artifacts the state machine is built from)
        // WHEN the features plan is derived
        QueryPlan plan = QueryPlan.features(Path.of("../sql"));

        // THEN "bought together" is a state of the first wave, "popular now" waits for the user-product
        // features it counts, and the candidates wait for all three
        assertEquals(List.of(
                List.of("order_context_features", "similar_products", "user_product_features", "user_recent_orders"),
                List.of("popular_products", "product_features", "user_features"),
                List.of("candidates")), plan.waves());
    }

    @Test
    void featureQueriesThatDependOnEachOtherInACycleAreRefused() throws IOException {
        // GIVEN two feature files that read each other
        Path sql = Files.createTempDirectory("sql");
        Files.createDirectories(sql.resolve("features"));
        Files.writeString(sql.resolve("features/a_features.sql"), "SELECT * FROM b_features");
        Files.writeString(sql.resolve("features/b_features.sql"), "SELECT * FROM a_features");

        // WHEN planned THEN the error names the cycle
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> QueryPlan.features(sql));
        assertTrue(error.getMessage().contains("a_features") && error.getMessage().contains("cycle"), error.getMessage());
    }

    @Test
    void aMissingFeaturesFolderIsNamed() throws IOException {
        // GIVEN an SQL folder without features/
        Path sql = Files.createTempDirectory("sql");

        // WHEN planned THEN the error names the folder
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> QueryPlan.features(sql));
        assertTrue(error.getMessage().contains(sql.resolve("features").toString()), error.getMessage());
    }

    @Test
    void evaluationRunsEveryBaselineQueryInOneWaveUnderTheEvaluationStage() {
        // GIVEN the sql module's baseline queries WHEN the evaluation plan is derived
        QueryPlan plan = QueryPlan.evaluation();

        // THEN the handlers receive stage "evaluation" and the queries' table names, all in one
        // parallel wave (neither reads the other's output)
        assertEquals("evaluation", plan.stage());
        assertEquals(List.of(List.of("product_popularity", "user_product_history")), plan.waves());
        // AND every name is one the start handler resolves to a baseline query
        plan.queries().forEach(name -> assertEquals(name, BaselineQuery.byTableName(name).tableName()));
    }

    @Test
    void wavesKeepTheGivenOrderWithinAWave() {
        // GIVEN c depends on a; b and a are independent
        List<List<String>> waves = QueryPlan.inWaves(List.of("b", "c", "a"),
                Map.of("a", Set.of(), "b", Set.of(), "c", Set.of("a")));

        // THEN the first wave keeps b before a, and c follows
        assertEquals(List.of(List.of("b", "a"), List.of("c")), waves);
    }
}
