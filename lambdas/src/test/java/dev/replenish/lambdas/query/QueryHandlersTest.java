package dev.replenish.lambdas.query;

import dev.replenish.lambdas.fakes.FakeS3;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.sql.AsyncSqlEngine;
import dev.replenish.core.sql.QueryStatus;
import dev.replenish.core.sql.TableQuery;
import dev.replenish.sql.curate.CuratePlan;
import dev.replenish.sql.curate.RejectShare;
import dev.replenish.sql.evaluation.BaselineQuery;
import dev.replenish.sql.features.FeatureTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two state machine handlers, with a fake engine that records what the service asks of it. */
class QueryHandlersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Records started queries; reads raw tables from a table named crawled_<table>. */
    private static final class RecordingEngine implements AsyncSqlEngine, RawTables, RejectCounts, ValidationCandidates {
        final List<Object> log = new ArrayList<>();

        @Override
        public void define(String runId) {
            log.add("validation_candidates of " + runId);
        }
        final Map<String, QueryStatus> statuses = new HashMap<>();
        final Map<InstacartTable, RejectShare> shares = new HashMap<>();
        final List<InstacartTable> counted = new ArrayList<>();

        @Override
        public RejectShare count(InstacartTable table) {
            counted.add(table);
            return shares.getOrDefault(table, new RejectShare(table, 100, List.of()));
        }

        @Override
        public String startTableAs(TableQuery query) {
            log.add(query);
            return "exec-" + log.size();
        }

        @Override
        public QueryStatus status(String executionId) {
            return statuses.getOrDefault(executionId, QueryStatus.running());
        }

        @Override
        public String select(InstacartTable table) {
            return "SELECT * FROM crawled_" + table.tableName();
        }
    }

    private final RecordingEngine engine = new RecordingEngine();
    private final QueryService service = new QueryService(engine, engine, engine, engine, 0.01);

    private JsonNode start(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StartQueryHandler(service).handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private JsonNode status(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new QueryStatusHandler(service).handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void aFeatureQueryStartsThatTablesStatementForTheRun() throws Exception {
        // GIVEN the state machine asks for the user x product features of run-7
        // WHEN the handler runs
        JsonNode output = start("{\"runId\": \"run-7\", \"stage\": \"features\", \"query\": \"user_product_features\"}");
        // THEN that table's query for that run was started, and its id returned
        assertEquals(List.of(FeatureTable.USER_PRODUCT.query("run-7")), engine.log);
        assertEquals(JSON.readTree("{\"executionId\": \"exec-1\"}"), output);
    }

    @Test
    void aCurateCheckReadsTheRawTableAsTheRuntimeDefinesIt() throws Exception {
        // WHEN the check statement of orders is started (extra input fields, as the state machine passes them, are ignored)
        start("{\"runId\": \"run-7\", \"stage\": \"curate\", \"query\": \"orders.check\", \"extra\": 1}");
        // THEN the plan's check statement runs with raw_orders defined by the runtime, and no catalog-broken records to add
        assertEquals(List.of(CuratePlan.of(InstacartTable.ORDERS, CuratePlan.BrokenRecords.NONE)
                .checkReading("SELECT * FROM crawled_orders")), engine.log);
    }

    @Test
    void curateAcceptAndRejectRunThePlansProjections() throws Exception {
        // WHEN the accept and reject statements of products are started
        start("{\"runId\": \"run-7\", \"stage\": \"curate\", \"query\": \"products.accept\"}");
        start("{\"runId\": \"run-7\", \"stage\": \"curate\", \"query\": \"products.reject\"}");
        // THEN they are exactly the shared plan's statements, which the local runtime runs too
        CuratePlan plan = CuratePlan.of(InstacartTable.PRODUCTS, CuratePlan.BrokenRecords.NONE);
        assertEquals(List.of(plan.accept(), plan.reject()), engine.log);
    }

    @Test
    void theHistoryQueryFirstPointsValidationCandidatesAtTheRunThenWritesCsvForTheGate() throws Exception {
        // WHEN the evaluation stage's two queries of run-7 are started
        start("{\"runId\": \"run-7\", \"stage\": \"evaluation\", \"query\": \"product_popularity\"}");
        start("{\"runId\": \"run-7\", \"stage\": \"evaluation\", \"query\": \"user_product_history\"}");
        // THEN popularity runs as it is; the history only after validation_candidates names run-7's rows
        assertEquals(List.of(BaselineQuery.PRODUCT_POPULARITY.query("run-7"), "validation_candidates of run-7",
                BaselineQuery.USER_PRODUCT_HISTORY.query("run-7")), engine.log);
        // AND both write headerless CSV under the run's training prefix, which the gate Lambda reads
        TableQuery history = (TableQuery) engine.log.get(2);
        assertEquals(TableQuery.Format.CSV, history.format());
        assertEquals("training/run-7/baselines/user_product_history/", history.lakeKey());
    }

    @Test
    void everyQueryNameOfEachStageStartsAndTheyComeInRunOrder() throws Exception {
        // GIVEN the names the state machine is built from
        List<String> curate = QueryStage.CURATE.queryNames();
        List<String> features = QueryStage.FEATURES.queryNames();
        // THEN curate goes table by table in the contract's order, check/accept/reject each
        assertEquals(List.of("departments.check", "departments.accept", "departments.reject", "aisles.check"), curate.subList(0, 4));
        assertEquals(InstacartTable.values().length * 3, curate.size());
        assertEquals(List.of("order_context_features", "user_product_features", "user_features", "product_features",
                "similar_products", "popular_products", "candidates", "user_recent_orders"), features);
        // AND every one of them is accepted by the handler
        for (String name : curate) {
            start("{\"runId\": \"run-7\", \"stage\": \"curate\", \"query\": \"" + name + "\"}");
        }
        for (String name : features) {
            start("{\"runId\": \"run-7\", \"stage\": \"features\", \"query\": \"" + name + "\"}");
        }
        assertEquals(curate.size() + features.size(), engine.log.size());
        assertEquals(List.of("product_popularity", "user_product_history"), QueryStage.EVALUATION.queryNames());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"stage\": \"features\", \"query\": \"user_features\"}                          | field 'runId': is required",
            "{\"runId\": 7, \"stage\": \"features\", \"query\": \"user_features\"}            | field 'runId': must be a non-empty string",
            "{\"runId\": \"../x\", \"stage\": \"features\", \"query\": \"user_features\"}     | field 'runId': run id '../x' must be",
            "{\"runId\": \"r1\", \"query\": \"user_features\"}                                | field 'stage': is required",
            "{\"runId\": \"r1\", \"stage\": \"train\", \"query\": \"user_features\"}          | field 'stage': must be one of curate, features, evaluation; was 'train'",
            "{\"runId\": \"r1\", \"stage\": \"features\"}                                     | field 'query': is required",
            "{\"runId\": \"r1\", \"stage\": \"features\", \"query\": \"user_feature\"}        | field 'query': unknown feature table 'user_feature'",
            "{\"runId\": \"r1\", \"stage\": \"curate\", \"query\": \"orders\"}                | field 'query': a curate query is '<table>.<statement>'",
            "{\"runId\": \"r1\", \"stage\": \"curate\", \"query\": \"order.check\"}           | field 'query': unknown table 'order'",
            "{\"runId\": \"r1\", \"stage\": \"curate\", \"query\": \"orders.load\"}           | field 'query': unknown curate statement 'load'",
            "[\"r1\", \"features\", \"user_features\"]                                        | field '(event)': must be a JSON object",
            "{\"runId\": \"r1\",                                                              | field '(event)': not valid JSON"})
    void badStartInputIsAnErrorNamingTheFieldAndStartsNothing(String event, String message) {
        // GIVEN a malformed event WHEN the start handler runs THEN it fails naming the field, and nothing started
        InvalidQueryRequest error = assertThrows(InvalidQueryRequest.class, () -> start(event));
        assertTrue(error.getMessage().startsWith(message), error.getMessage());
        assertEquals(List.of(), engine.log);
    }

    @Test
    void statusAnswersTheStateAndForAFailureAthenasReason() throws Exception {
        // GIVEN one running, one succeeded and one failed execution
        engine.statuses.put("exec-2", QueryStatus.succeeded());
        engine.statuses.put("exec-3", QueryStatus.failed("COLUMN_NOT_FOUND: Column 'x' cannot be resolved"));
        // WHEN their status is asked THEN the answers have the documented shape
        assertEquals(JSON.readTree("{\"state\": \"RUNNING\", \"reason\": null}"), status("{\"executionId\": \"exec-1\"}"));
        assertEquals(JSON.readTree("{\"state\": \"SUCCEEDED\", \"reason\": null}"), status("{\"executionId\": \"exec-2\"}"));
        assertEquals(JSON.readTree("{\"state\": \"FAILED\", \"reason\": \"COLUMN_NOT_FOUND: Column 'x' cannot be resolved\"}"),
                status("{\"executionId\": \"exec-3\"}"));
    }

    @Test
    void aSucceededCurateCheckAboveTheRejectLimitIsAnsweredFailedNamingTheFileAndCommonestRule() throws Exception {
        // GIVEN orders.check succeeded with 5 of 100 rows rejected (limit 1 %), mostly for one rule
        engine.statuses.put("exec-9", QueryStatus.succeeded());
        engine.shares.put(InstacartTable.ORDERS, new RejectShare(InstacartTable.ORDERS, 95, List.of(
                new RejectShare.RuleCount("order_dow out of range", 4), new RejectShare.RuleCount("missing user_id", 1))));

        // WHEN the state machine asks for its status, passing the query as it always does
        JsonNode answer = status("{\"executionId\": \"exec-9\", \"runId\": \"run-1\", \"stage\": \"curate\", \"query\": \"orders.check\"}");

        // THEN the answer is FAILED with the reason naming the file, the share and the commonest rule
        assertEquals("FAILED", answer.get("state").asText());
        assertEquals("orders.csv: 5 of 100 rows rejected (5.00%), above ingest.maxRejectFraction 1.00%; commonest rule: "
                + "'order_dow out of range' (4 rows); the rejected rows are in table orders_checked", answer.get("reason").asText());
        assertEquals(List.of(InstacartTable.ORDERS), engine.counted);
    }

    @Test
    void orphansAboveTheRejectLimitAreAnsweredFailedNamingTheOrdersRejectedUpstream() throws Exception {
        // GIVEN order_products_prior.check succeeded with 10 of 100 lines orphaned, and orders.check had rejected 2 orders
        engine.statuses.put("exec-9", QueryStatus.succeeded());
        engine.shares.put(InstacartTable.ORDER_PRODUCTS_PRIOR, new RejectShare(InstacartTable.ORDER_PRODUCTS_PRIOR, 90, List.of(
                new RejectShare.RuleCount("order_id: no such order in orders.csv", 10))));
        engine.shares.put(InstacartTable.ORDERS, new RejectShare(InstacartTable.ORDERS, 50, List.of(
                new RejectShare.RuleCount("order_hour_of_day: must be empty or an integer 0-23", 2))));

        // WHEN the state machine asks for the check's status
        JsonNode answer = status("{\"executionId\": \"exec-9\", \"runId\": \"run-1\", \"stage\": \"curate\","
                + " \"query\": \"order_products_prior.check\"}");

        // THEN the orders table's check is counted too, and the reason names its rejects and their rule
        assertEquals(List.of(InstacartTable.ORDER_PRODUCTS_PRIOR, InstacartTable.ORDERS), engine.counted);
        assertEquals("FAILED", answer.get("state").asText());
        assertTrue(answer.get("reason").asText().endsWith("the rejected rows are in table order_products_prior_checked."
                + " These rows refer to orders.csv, where 2 rows were rejected upstream (commonest rules:"
                + " 'order_hour_of_day: must be empty or an integer 0-23' (2)): a rejected row there orphans every row here"
                + " that refers to it, so fix orders.csv first"), answer.get("reason").asText());
    }

    @Test
    void onlyASucceededCurateCheckIsCountedAndOneWithinTheLimitSucceeds() throws Exception {
        // GIVEN a succeeded check within the limit, a succeeded accept, a running check and a feature query
        engine.statuses.put("exec-1", QueryStatus.succeeded());
        engine.statuses.put("exec-2", QueryStatus.succeeded());
        engine.statuses.put("exec-4", QueryStatus.succeeded());
        engine.shares.put(InstacartTable.AISLES, new RejectShare(InstacartTable.AISLES, 999, List.of(new RejectShare.RuleCount("bad id", 1))));

        // WHEN their statuses are asked
        JsonNode check = status("{\"executionId\": \"exec-1\", \"runId\": \"r\", \"stage\": \"curate\", \"query\": \"aisles.check\"}");
        JsonNode accept = status("{\"executionId\": \"exec-2\", \"runId\": \"r\", \"stage\": \"curate\", \"query\": \"orders.accept\"}");
        JsonNode running = status("{\"executionId\": \"exec-3\", \"runId\": \"r\", \"stage\": \"curate\", \"query\": \"orders.check\"}");
        JsonNode feature = status("{\"executionId\": \"exec-4\", \"runId\": \"r\", \"stage\": \"features\", \"query\": \"user_features\"}");

        // THEN only the finished check was counted, and every answer is the engine's own
        assertEquals("SUCCEEDED", check.get("state").asText());
        assertEquals("SUCCEEDED", accept.get("state").asText());
        assertEquals("RUNNING", running.get("state").asText());
        assertEquals("SUCCEEDED", feature.get("state").asText());
        assertEquals(List.of(InstacartTable.AISLES), engine.counted);
    }

    @Test
    void statusWithoutAnExecutionIdIsAnErrorNamingTheField() {
        // GIVEN an event without the id, or with a number for it
        // THEN the error names the field
        assertTrue(assertThrows(InvalidQueryRequest.class, () -> status("{}")).getMessage().startsWith("field 'executionId': is required"));
        assertTrue(assertThrows(InvalidQueryRequest.class, () -> status("{\"executionId\": 12}")).getMessage()
                .startsWith("field 'executionId': must be a non-empty string"));
    }

    @Test
    void theStartHandlerOnAthenaDropsEmptiesAndStartsTheCtas() throws Exception {
        // GIVEN the handler wired to the Athena adapter over fake SDK clients
        List<String> log = new ArrayList<>();
        FakeAthena athena = new FakeAthena(log);
        FakeS3 s3 = new FakeS3("replenish-lake-123", 1000, log);
        AthenaSettings settings = new AthenaSettings("replenish-wg", "replenish", "raw_", "replenish-lake-123");
        AthenaSqlEngine athenaEngine = new AthenaSqlEngine(athena, new S3LakeStorage(s3, "replenish-lake-123"), settings,
                ReplenishConfig.defaults().athena(), pause -> { });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // WHEN orders.check is started
        new StartQueryHandler(new QueryService(athenaEngine, athenaEngine, athenaEngine, athenaEngine, 0.01)).handleRequest(new ByteArrayInputStream(
                "{\"runId\": \"run-7\", \"stage\": \"curate\", \"query\": \"orders.check\"}".getBytes(StandardCharsets.UTF_8)), out, null);
        // THEN the drop was waited on, the scratch prefix emptied, and the CTAS's id returned
        assertEquals(List.of(
                "athena start DROP TABLE IF EXISTS `replenish`.`orders_checked`",
                "athena status exec-1",
                "s3 list tmp/curate/orders/",
                "athena start CREATE TABLE \"replenish\".\"orders_checked\""), log);
        String ctas = athena.started.get(1).queryString();
        assertTrue(ctas.contains("external_location = 's3://replenish-lake-123/tmp/curate/orders/'"), ctas);
        // AND the CTAS defines raw_orders over the crawler's table before the curate SQL reads it
        assertTrue(ctas.contains("AS\nWITH raw_orders AS (\n    SELECT\n        \"$path\" AS source_file,"), ctas);
        assertTrue(ctas.contains("    FROM \"replenish\".\"raw_orders\"\n)\nSELECT *\nFROM (\n"), ctas);
        assertEquals(JSON.readTree("{\"executionId\": \"exec-2\"}"), JSON.readTree(out.toByteArray()));
    }
}
