package dev.replenish.lambdas.query;

import dev.replenish.lambdas.fakes.FakeS3;
import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.sql.QueryStatus;
import dev.replenish.core.sql.TableQuery;
import dev.replenish.sql.curate.CuratePlan;
import dev.replenish.sql.evaluation.BaselineQuery;
import dev.replenish.sql.features.FeatureTable;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.CreateTableAsSelect;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.replenish.lambdas.query.FakeAthena.failed;
import static dev.replenish.lambdas.query.FakeAthena.failedWithAthenaError;
import static dev.replenish.lambdas.query.FakeAthena.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Athena adapter against a fake AthenaClient and S3Client that record what is sent. */
class AthenaSqlEngineTest {

    private static final AthenaSettings SETTINGS = new AthenaSettings("replenish-wg", "replenish", "raw_", "replenish-lake-123");

    private final List<String> log = new ArrayList<>();
    private final FakeAthena athena = new FakeAthena(log);
    private final FakeS3 s3 = new FakeS3("replenish-lake-123", 2, log);
    private final List<Duration> pauses = new ArrayList<>();

    private AthenaSqlEngine engine(ReplenishConfig.Athena timing) {
        return new AthenaSqlEngine(athena, new S3LakeStorage(s3, "replenish-lake-123"), SETTINGS, timing, pauses::add);
    }

    private AthenaSqlEngine engine() {
        return engine(new ReplenishConfig.Athena(500, 40));
    }

    @Test
    void aTableIsACtasToParquetAtItsLakeKeyInTheProjectsWorkgroupAndDatabase() {
        // GIVEN the user feature table of run-7
        TableQuery query = FeatureTable.USER.query("run-7");
        // WHEN it is started
        String executionId = engine().startTableAs(query);
        // THEN the last request is this CTAS, word for word
        StartQueryExecutionRequest ctas = athena.started.get(athena.started.size() - 1);
        assertEquals("CREATE TABLE \"replenish\".\"user_features\"\n"
                + "WITH (\n"
                + "    format = 'PARQUET',\n"
                + "    write_compression = 'ZSTD',\n"
                + "    external_location = 's3://replenish-lake-123/features/run-7/user_features/'\n"
                + ")\n"
                + "AS\n"
                + FeatureTable.USER.sql().strip(), ctas.queryString());
        // AND it runs in the project's workgroup, resolving unqualified names in the project's database,
        // leaving the result location to the workgroup, which enforces it
        assertEquals("replenish-wg", ctas.workGroup());
        assertEquals("AwsDataCatalog", ctas.queryExecutionContext().catalog());
        assertEquals("replenish", ctas.queryExecutionContext().database());
        assertNull(ctas.resultConfiguration());
        // AND the caller gets the CTAS's id, without waiting for it
        assertEquals("exec-" + athena.started.size(), executionId);
        assertTrue(athena.polled.stream().noneMatch(p -> p.queryExecutionId().equals(executionId)));
    }

    @Test
    void aBaselineTableIsAGzippedHeaderlessCsvCtasSoTheGateLambdaNeedsNoParquetReader() {
        // WHEN run-7's product popularity is started
        engine().startTableAs(BaselineQuery.PRODUCT_POPULARITY.query("run-7"));
        // THEN the CTAS writes comma-separated text under the run's baselines prefix
        assertEquals("CREATE TABLE \"replenish\".\"product_popularity\"\n"
                + "WITH (\n"
                + "    format = 'TEXTFILE',\n"
                + "    field_delimiter = ',',\n"
                + "    write_compression = 'GZIP',\n"
                + "    external_location = 's3://replenish-lake-123/training/run-7/baselines/product_popularity/'\n"
                + ")\n"
                + "AS\n"
                + BaselineQuery.PRODUCT_POPULARITY.sql().strip(), athena.started.get(athena.started.size() - 1).queryString());
    }

    @Test
    void validationCandidatesIsRedefinedOverTheRunsValidationRowsAndWaitedOn() {
        // WHEN validation_candidates is defined for run-7
        engine().define("run-7");
        // THEN the previous definition is dropped, then an external table over the join's Parquet is created, each waited on
        assertEquals(List.of(
                "athena start DROP TABLE IF EXISTS `replenish`.`validation_candidates`",
                "athena status exec-1",
                "athena start CREATE EXTERNAL TABLE `replenish`.`validation_candidates` (",
                "athena status exec-2"), log);
        assertEquals("CREATE EXTERNAL TABLE `replenish`.`validation_candidates` (\n"
                + "    `user_id` bigint\n"
                + ")\n"
                + "STORED AS PARQUET\n"
                + "LOCATION 's3://replenish-lake-123/training/run-7/evaluation/'", athena.started.get(1).queryString());
    }

    @Test
    void aRerunDropsThePreviousRegistrationAndEmptiesTheLocationBeforeTheCtas() {
        // GIVEN files of an earlier attempt under the table's prefix (more than a listing page), and another table's file
        s3.keys.addAll(List.of("features/run-7/user_features/a.parquet", "features/run-7/user_features/b.parquet",
                "features/run-7/user_features/c.parquet", "features/run-7/user_features_2/keep.parquet"));
        // WHEN the table is started
        engine().startTableAs(FeatureTable.USER.query("run-7"));
        // THEN the old registration is dropped and waited on, then the prefix is emptied page by page, then the CTAS starts
        assertEquals("DROP TABLE IF EXISTS `replenish`.`user_features`", athena.started.get(0).queryString());
        assertEquals("replenish-wg", athena.started.get(0).workGroup());
        assertEquals(List.of(
                "athena start DROP TABLE IF EXISTS `replenish`.`user_features`",
                "athena status exec-1",
                "s3 list features/run-7/user_features/",
                "s3 delete 2",
                "s3 list features/run-7/user_features/",
                "s3 delete 1",
                "athena start CREATE TABLE \"replenish\".\"user_features\""), log);
        // AND only that prefix was emptied
        assertEquals(List.of("features/run-7/user_features_2/keep.parquet"), List.copyOf(s3.keys));
    }

    @Test
    void aFailedDropStopsBeforeTheCtasWithAthenasReason() {
        // GIVEN Athena fails the DROP
        athena.thenQueryReports(state(QueryExecutionState.RUNNING), failed("Insufficient Lake Formation permission(s) on user_features"));
        s3.keys.add("features/run-7/user_features/a.parquet");
        // WHEN the table is started
        AthenaStatementFailed error = assertThrows(AthenaStatementFailed.class,
                () -> engine().startTableAs(FeatureTable.USER.query("run-7")));
        // THEN the error carries Athena's reason and nothing else was touched
        assertTrue(error.getMessage().contains("Insufficient Lake Formation permission(s) on user_features"), error.getMessage());
        assertTrue(error.getMessage().contains("dropping the previous user_features"), error.getMessage());
        assertEquals(1, athena.started.size());
        assertEquals(List.of("features/run-7/user_features/a.parquet"), List.copyOf(s3.keys));
        assertEquals(List.of(Duration.ofMillis(500)), pauses);
    }

    @Test
    void aDdlStatementStillRunningAtTheTimeoutIsAnError() {
        // GIVEN a DROP that never finishes, and a 1 s timeout polled every 100 ms
        athena.thenQueryReports(state(QueryExecutionState.QUEUED), state(QueryExecutionState.RUNNING));
        // WHEN the table is started
        AthenaStatementFailed error = assertThrows(AthenaStatementFailed.class,
                () -> engine(new ReplenishConfig.Athena(100, 1)).startTableAs(FeatureTable.USER.query("run-7")));
        // THEN it gives up after 10 checks (9 pauses), saying which setting bounds the wait
        assertEquals(10, athena.polled.size());
        assertEquals(9, pauses.size());
        assertTrue(error.getMessage().contains("still running after 1 s (athena.ddlTimeoutSeconds)"), error.getMessage());
        assertEquals(1, athena.started.size());
    }

    @Test
    void statusReportsAthenasStateAndItsReasonForAFailure() {
        AthenaSqlEngine engine = engine();
        // GIVEN queries that Athena reports as queued, running, succeeded, failed (two ways) and cancelled
        athena.thenQueryReports(state(QueryExecutionState.QUEUED))
                .thenQueryReports(state(QueryExecutionState.RUNNING))
                .thenQueryReports(state(QueryExecutionState.SUCCEEDED))
                .thenQueryReports(failed("COLUMN_NOT_FOUND: line 3:5: Column 'order_dow' cannot be resolved"))
                .thenQueryReports(failedWithAthenaError("HIVE_BAD_DATA: malformed Parquet file"))
                .thenQueryReports(state(QueryExecutionState.CANCELLED));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(athena.startQueryExecution(StartQueryExecutionRequest.builder().queryString("SELECT " + i).build()).queryExecutionId());
        }
        // WHEN their status is asked THEN the three states come back, with Athena's reason on failure
        assertEquals(QueryStatus.running(), engine.status(ids.get(0)));
        assertEquals(QueryStatus.running(), engine.status(ids.get(1)));
        assertEquals(QueryStatus.succeeded(), engine.status(ids.get(2)));
        assertEquals(QueryStatus.failed("COLUMN_NOT_FOUND: line 3:5: Column 'order_dow' cannot be resolved"), engine.status(ids.get(3)));
        assertEquals(QueryStatus.failed("HIVE_BAD_DATA: malformed Parquet file"), engine.status(ids.get(4)));
        assertEquals(QueryStatus.State.FAILED, engine.status(ids.get(5)).state());
        assertTrue(engine.status(ids.get(5)).reason().startsWith("cancelled"));
        assertEquals(ids.get(3), athena.polled.get(3).queryExecutionId());
    }

    @Test
    void aLakeKeyOutsideThePrefixesThePipelineRebuildsIsNeverEmptied() {
        // GIVEN a table aimed at the raw zone
        s3.keys.add("raw/orders/orders.csv");
        TableQuery query = new TableQuery("orders_copy", "SELECT 1 AS x", "raw/orders/");
        // WHEN it is started THEN it is refused before any request
        assertThrows(IllegalArgumentException.class, () -> engine().startTableAs(query));
        assertEquals(List.of(), log);
        assertEquals(List.of("raw/orders/orders.csv"), List.copyOf(s3.keys));
    }

    @Test
    void anObjectS3RefusesToDeleteStopsTheRunNamingItAndS3sCode() {
        // GIVEN an earlier attempt's file that S3 will not delete
        s3.keys.add("curated/orders/a.parquet");
        s3.refusingToDelete("curated/orders/a.parquet");
        // WHEN the curated orders table is started
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> engine().startTableAs(CuratePlan.of(InstacartTable.ORDERS, CuratePlan.BrokenRecords.NONE).accept()));
        // THEN the error names the object and S3's code, and no CTAS was started into a non-empty location
        assertTrue(error.getMessage().contains("s3://replenish-lake-123/curated/orders/a.parquet (AccessDenied"), error.getMessage());
        assertEquals(1, athena.started.size());
    }

    @Test
    void theRawTableIsTheCrawlersTableWithItsFileNoLineNumberAndEveryColumnAsText() {
        // WHEN the raw orders are asked for
        String select = engine().select(InstacartTable.ORDERS);
        // THEN they are read from the crawler's table by its qualified name, every column as text
        assertEquals("SELECT\n"
                + "    \"$path\" AS source_file,\n"
                + "    CAST(NULL AS BIGINT) AS source_line,\n"
                + "    CAST(\"order_id\" AS VARCHAR) AS order_id,\n"
                + "    CAST(\"user_id\" AS VARCHAR) AS user_id,\n"
                + "    CAST(\"eval_set\" AS VARCHAR) AS eval_set,\n"
                + "    CAST(\"order_number\" AS VARCHAR) AS order_number,\n"
                + "    CAST(\"order_dow\" AS VARCHAR) AS order_dow,\n"
                + "    CAST(\"order_hour_of_day\" AS VARCHAR) AS order_hour_of_day,\n"
                + "    CAST(\"days_since_prior_order\" AS VARCHAR) AS days_since_prior_order\n"
                + "FROM \"replenish\".\"raw_orders\"", select);
        // AND no statement was sent: there is no view to create
        assertEquals(List.of(), log);
    }

    @Test
    void everyStatementTheAdapterBuildsParsesAsAthenaEngineV3Sql() {
        SqlParser parser = new SqlParser();
        AthenaSqlEngine engine = engine();
        // GIVEN every CTAS of the three stages and every raw view
        for (BaselineQuery query : BaselineQuery.values()) {
            assertInstanceOf(CreateTableAsSelect.class, parser.createStatement(engine.createTableAsStatement(query.query("run-7"))),
                    query.tableName());
        }
        for (FeatureTable table : FeatureTable.values()) {
            // THEN Trino's parser reads each as the statement it is meant to be
            assertInstanceOf(CreateTableAsSelect.class, parser.createStatement(engine.createTableAsStatement(table.query("run-7"))),
                    table.tableName());
        }
        for (CuratePlan plan : CuratePlan.all(CuratePlan.BrokenRecords.NONE)) {
            for (TableQuery query : List.of(plan.check(), plan.accept(), plan.reject())) {
                assertInstanceOf(CreateTableAsSelect.class, parser.createStatement(engine.createTableAsStatement(query)),
                        query.tableName());
            }
            TableQuery check = plan.checkReading(engine.select(plan.table()));
            assertInstanceOf(CreateTableAsSelect.class, parser.createStatement(engine.createTableAsStatement(check)),
                    plan.table().tableName());
        }
    }

    @Test
    void rejectCountsGroupTheChecksScratchTableByRuleAndReadTheResultRows() {
        // GIVEN Athena answers the count with a header row, the accepted rows (NULL rule) and two rules
        athena.thenResultsAre(java.util.Arrays.asList(
                List.of("reject_rule", "row_count"),
                java.util.Arrays.asList(null, "990"),
                List.of("order_dow out of range", "7"),
                List.of("missing user_id", "3")));

        // WHEN orders is counted
        dev.replenish.sql.curate.RejectShare share = engine().count(InstacartTable.ORDERS);

        // THEN the GROUP BY ran in the project's workgroup and database over orders_checked
        assertEquals(1, athena.started.size());
        assertEquals("SELECT reject_rule, count(*) AS row_count\nFROM orders_checked\nGROUP BY reject_rule\nORDER BY row_count DESC, reject_rule",
                athena.started.get(0).queryString());
        assertEquals("replenish-wg", athena.started.get(0).workGroup());
        assertEquals("replenish", athena.started.get(0).queryExecutionContext().database());
        // AND its results were read once it had succeeded, header skipped
        assertEquals(List.of("athena start SELECT reject_rule, count(*) AS row_count", "athena status exec-1", "athena results exec-1"), log);
        assertEquals(new dev.replenish.sql.curate.RejectShare(InstacartTable.ORDERS, 990, List.of(
                new dev.replenish.sql.curate.RejectShare.RuleCount("order_dow out of range", 7),
                new dev.replenish.sql.curate.RejectShare.RuleCount("missing user_id", 3))), share);
    }
}
