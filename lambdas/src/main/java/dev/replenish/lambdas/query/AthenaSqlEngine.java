package dev.replenish.lambdas.query;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.contract.Column;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.sql.AsyncSqlEngine;
import dev.replenish.core.sql.QueryStatus;
import dev.replenish.core.sql.TableQuery;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.athena.AthenaClient;
import dev.replenish.sql.curate.RejectShare;
import dev.replenish.sql.evaluation.BaselineQuery;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecutionContext;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cloud {@link AsyncSqlEngine}: Athena engine v3 writing Parquet to the lake bucket.
 *
 * <p>A table is a CTAS with {@code external_location} at its lake key. CTAS refuses a table name
 * that exists and a location that holds files, so a re-run (the next pipeline run, or a retry of a
 * failed one) first drops the previous registration (Athena's DROP TABLE removes only the catalog
 * entry of an external table, never its files) and then empties the prefix in S3. Emptying, rather
 * than writing each attempt under a fresh suffix, keeps the bucket's layout exactly the local one
 * ({@code features/<run>/<table>/} holds that table and nothing else), so readers of a prefix never
 * see a stale attempt and no orphaned attempts pile up; it is safe because only prefixes the
 * pipeline rebuilds may be emptied ({@link LakeLayout#isRebuilt}) and the state machine runs one
 * statement per table at a time. The registration that the CTAS creates is the table later
 * statements read by name, so it stays until the next re-run drops it.
 *
 * <p>The drop is a short DDL statement this adapter waits on (bounded by
 * {@code athena.ddlTimeoutSeconds}); the CTAS itself is left running for the state machine to poll.
 *
 * <p>Raw tables are the crawler's ({@code <prefix><table>}, CSV). The curate SQL reads
 * {@code raw_<table>} with the file and line of each row, which the crawled table does not have, so
 * the check statement defines {@code raw_<table>} itself ({@link #select}), in a WITH clause around
 * the curate SELECT. No view is created anywhere: nothing to keep in step with the SQL, no DDL to
 * wait on, and no clash with the crawler's default prefix {@code raw_}, whose table is named exactly
 * {@code raw_<table>} in the same database (the definition reads it by its qualified name).
 */
public final class AthenaSqlEngine implements AsyncSqlEngine, RawTables, RejectCounts, ValidationCandidates {

    /** The Glue Data Catalog, as Athena names it. */
    static final String CATALOG = "AwsDataCatalog";

    /** Waits between two status checks; tests pass one that does not sleep. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration);
    }

    private final AthenaClient athena;
    private final LakeStorage lake;
    private final AthenaSettings settings;
    private final ReplenishConfig.Athena timing;
    private final Pause pause;

    AthenaSqlEngine(AthenaClient athena, LakeStorage lake, AthenaSettings settings, ReplenishConfig.Athena timing, Pause pause) {
        this.athena = athena;
        this.lake = lake;
        this.settings = settings;
        this.timing = timing;
        this.pause = pause;
    }

    /** The engine a Lambda runs with: SDK clients on the JDK's HTTP client, region and credentials from the Lambda. */
    public static AthenaSqlEngine fromEnvironment(Map<String, String> environment) {
        AthenaSettings settings = AthenaSettings.fromEnvironment(environment);
        AthenaClient athena = AthenaClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        S3Client s3 = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        return new AthenaSqlEngine(athena, new S3LakeStorage(s3, settings.lakeBucket()), settings,
                ReplenishConfig.defaults().athena(), AthenaSqlEngine::sleep);
    }

    @Override
    public String startTableAs(TableQuery query) {
        if (!LakeLayout.isRebuilt(query.lakeKey())) {
            throw new IllegalArgumentException("table " + query.tableName() + ": " + query.lakeKey()
                    + " is not a prefix the pipeline rebuilds; refusing to empty it");
        }
        runAndWait(dropTableStatement(query.tableName()), "dropping the previous " + query.tableName());
        lake.empty(query.lakeKey());
        return start(createTableAsStatement(query));
    }

    @Override
    public QueryStatus status(String executionId) {
        QueryExecutionStatus status = athena.getQueryExecution(r -> r.queryExecutionId(executionId)).queryExecution().status();
        return switch (status.state()) {
            case QUEUED, RUNNING -> QueryStatus.running();
            case SUCCEEDED -> QueryStatus.succeeded();
            case FAILED -> QueryStatus.failed(reason(status));
            case CANCELLED -> QueryStatus.failed("cancelled" + (reason(status) == null ? "" : ": " + reason(status)));
            default -> QueryStatus.failed("Athena reported state '" + status.stateAsString() + "', unknown to this adapter");
        };
    }

    /**
     * The crawler's table of {@code table} as the curate SQL reads it: the file ({@code "$path"}) as
     * source_file, no line number (Athena does not expose it), and every contract column as text,
     * whatever type the crawler guessed.
     */
    @Override
    public String select(InstacartTable table) {
        String columns = table.columns().stream().map(Column::name)
                .map(c -> "    CAST(\"" + c + "\" AS VARCHAR) AS " + c)
                .collect(Collectors.joining(",\n"));
        return "SELECT\n"
                + "    \"$path\" AS source_file,\n"
                + "    CAST(NULL AS BIGINT) AS source_line,\n"
                + columns + "\n"
                + "FROM \"" + settings.database() + "\".\"" + settings.rawTablePrefix() + table.tableName() + "\"";
    }

    String createTableAsStatement(TableQuery query) {
        String format = switch (query.format()) {
            case PARQUET -> "    format = 'PARQUET',\n"
                    + "    write_compression = 'ZSTD',\n";
            // Hive's text format: no header, no quoting, NULL as \N; gzip, which the reader detects.
            case CSV -> "    format = 'TEXTFILE',\n"
                    + "    field_delimiter = ',',\n"
                    + "    write_compression = 'GZIP',\n";
        };
        return "CREATE TABLE \"" + settings.database() + "\".\"" + query.tableName() + "\"\n"
                + "WITH (\n"
                + format
                + "    external_location = '" + location(query.lakeKey()) + "'\n"
                + ")\n"
                + "AS\n"
                + withoutTrailingSemicolon(query.select());
    }

    /**
     * {@code validation_candidates} over the run's validation rows. Athena maps Parquet columns by
     * name, so declaring only user_id (all the history query reads) stays valid whatever features
     * the join wrote.
     */
    @Override
    public void define(String runId) {
        runAndWait(dropTableStatement(BaselineQuery.VALIDATION_CANDIDATES), "dropping the previous " + BaselineQuery.VALIDATION_CANDIDATES);
        runAndWait(validationCandidatesStatement(runId), "defining " + BaselineQuery.VALIDATION_CANDIDATES + " for run " + runId);
    }

    /** Hive DDL, hence the back-ticks. */
    String validationCandidatesStatement(String runId) {
        return "CREATE EXTERNAL TABLE `" + settings.database() + "`.`" + BaselineQuery.VALIDATION_CANDIDATES + "` (\n"
                + "    `user_id` bigint\n"
                + ")\n"
                + "STORED AS PARQUET\n"
                + "LOCATION '" + location(LakeLayout.training(runId, "evaluation")) + "'";
    }

    /** Hive DDL, hence the back-ticks. */
    String dropTableStatement(String tableName) {
        return "DROP TABLE IF EXISTS `" + settings.database() + "`.`" + tableName + "`";
    }

    String location(String lakeKey) {
        return "s3://" + settings.lakeBucket() + "/" + lakeKey;
    }

    private String start(String sql) {
        StartQueryExecutionRequest.Builder request = StartQueryExecutionRequest.builder()
                .queryString(sql)
                .workGroup(settings.workgroup())
                .queryExecutionContext(QueryExecutionContext.builder()
                        .catalog(CATALOG)
                        .database(settings.database())
                        .build());
        // No result configuration: the workgroup enforces its own location and encryption.
        return athena.startQueryExecution(request.build()).queryExecutionId();
    }

    /**
     * Runs {@link RejectShare#countSelect} and waits for it (bounded like the DDL: a GROUP BY over
     * the check's Parquet finishes in seconds), then reads its few result rows.
     */
    @Override
    public RejectShare count(InstacartTable table) {
        String executionId = runAndWait(RejectShare.countSelect(table), "counting the rejected rows of " + table.tableName());
        long accepted = 0;
        List<RejectShare.RuleCount> rules = new ArrayList<>();
        boolean header = true;
        for (GetQueryResultsResponse page : athena.getQueryResultsPaginator(r -> r.queryExecutionId(executionId))) {
            for (Row row : page.resultSet().rows()) {
                if (header) {
                    // Athena repeats the column names as the first row of a SELECT's results.
                    header = false;
                    continue;
                }
                String rule = row.data().get(0).varCharValue();
                long rows = Long.parseLong(row.data().get(1).varCharValue());
                if (rule == null) {
                    accepted += rows;
                } else {
                    rules.add(new RejectShare.RuleCount(rule, rows));
                }
            }
        }
        return new RejectShare(table, accepted, rules);
    }

    private String runAndWait(String sql, String purpose) {
        String executionId = start(sql);
        long checks = Math.max(1, (timing.ddlTimeoutSeconds() * 1000L + timing.pollMillis() - 1) / timing.pollMillis());
        for (long check = 1; check <= checks; check++) {
            QueryStatus status = status(executionId);
            switch (status.state()) {
                case SUCCEEDED -> {
                    return executionId;
                }
                case FAILED -> throw new AthenaStatementFailed(purpose + " failed (Athena query " + executionId + "): " + status.reason());
                case RUNNING -> {
                    if (check < checks) {
                        pause.pause(Duration.ofMillis(timing.pollMillis()));
                    }
                }
            }
        }
        throw new AthenaStatementFailed(purpose + ": Athena query " + executionId + " still running after "
                + timing.ddlTimeoutSeconds() + " s (athena.ddlTimeoutSeconds)");
    }

    private static String reason(QueryExecutionStatus status) {
        if (status.stateChangeReason() != null && !status.stateChangeReason().isBlank()) {
            return status.stateChangeReason();
        }
        return status.athenaError() == null ? null : status.athenaError().errorMessage();
    }

    private static String withoutTrailingSemicolon(String sql) {
        String trimmed = sql.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AthenaStatementFailed("interrupted while waiting on Athena");
        }
    }
}
