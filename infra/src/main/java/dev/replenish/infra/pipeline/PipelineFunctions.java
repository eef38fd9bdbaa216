package dev.replenish.infra.pipeline;

import dev.replenish.core.config.CloudEnvironment;
import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.infra.catalog.DataCatalog;
import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.endpoint.ModelEndpoint;
import dev.replenish.infra.functions.JavaFunction;
import dev.replenish.infra.functions.LambdaHandlers;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.lake.LakePrefix;
import dev.replenish.infra.query.QueryWorkgroup;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Java functions behind the pipeline's steps, each with the least privilege its step needs.
 * SnapStart is off here: a pipeline function runs a few times per run, so a cold start of a second
 * or two is noise next to minutes of Athena, Glue and SageMaker work, and SnapStart would require
 * invoking published versions. (The API function, where latency matters, has it on.)
 */
public final class PipelineFunctions extends Construct {

    /** Short calls to Glue APIs. */
    static final Duration CONTROL_CALL_TIMEOUT = Duration.seconds(60);
    /**
     * A query function's time beyond its waits on Athena: a cold start, a few API calls, and emptying
     * the table's prefix before a CTAS (a list and batch deletes of a few hundred Parquet parts).
     */
    static final Duration QUERY_CALLS_MARGIN = Duration.seconds(60);
    /** Computing the metrics over the whole validation set's scores: Lambda's maximum. */
    static final Duration HEAVY_WORK_TIMEOUT = Duration.minutes(15);

    /** @param endpoint the serving endpoint: the evaluation gate reads which run's model it serves */
    public record Props(Path jar, InfraConfig config, DataLake lake, DataCatalog catalog, QueryWorkgroup workgroup,
                        ModelEndpoint endpoint) {
    }

    /** Checking a string against core's run-id rule: a cold start and microseconds of work. */
    static final Duration GUARD_TIMEOUT = Duration.seconds(20);

    private final JavaFunction runGuard;
    private final JavaFunction crawler;
    private final JavaFunction startQuery;
    private final JavaFunction queryStatus;
    private final JavaFunction evaluationGate;

    public PipelineFunctions(Construct scope, String id, Props props) {
        super(scope, id);
        InfraConfig config = props.config();
        DataLake lake = props.lake();
        DataCatalog catalog = props.catalog();
        int memory = config.functions().pipelineMemoryMb();
        int logDays = config.logs().retentionDays();

        // Nothing but logging: the run guard only applies core's run-id rule to its input.
        runGuard = new JavaFunction(this, "RunGuard", new JavaFunction.Props(
                LambdaHandlers.RUN_GUARD, "replenish-run-guard",
                "first state of every run: refuse a run id SageMaker would refuse in the run's derived names",
                props.jar(), memory, GUARD_TIMEOUT, Map.of(), List.of(), false, logDays));

        PolicyStatement readCatalog = PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables"))
                .resources(List.of(catalog.catalogArn(), catalog.databaseArn(), catalog.tableArn(catalog.rawTablePrefix() + "*")))
                .build();
        crawler = new JavaFunction(this, "Crawler", new JavaFunction.Props(
                LambdaHandlers.CRAWLER, "replenish-crawler",
                "catalog step: start the raw-data crawler, report its state, check the crawled schema against the contract",
                props.jar(), memory, CONTROL_CALL_TIMEOUT,
                Map.of(CloudEnvironment.CRAWLER_NAME, catalog.crawlerName(),
                        CloudEnvironment.GLUE_DATABASE, catalog.databaseName(),
                        CloudEnvironment.RAW_TABLE_PREFIX, catalog.rawTablePrefix(),
                        CloudEnvironment.LAKE_BUCKET, lake.bucketName()),
                List.of(PolicyStatement.Builder.create()
                                .effect(Effect.ALLOW)
                                .actions(List.of("glue:StartCrawler", "glue:GetCrawler"))
                                .resources(List.of(catalog.crawlerArn()))
                                .build(),
                        readCatalog,
                        // checkSchema pins the crawled raw tables to OpenCSVSerde (see DataCatalog).
                        PolicyStatement.Builder.create()
                                .effect(Effect.ALLOW)
                                .actions(List.of("glue:UpdateTable"))
                                .resources(List.of(catalog.catalogArn(), catalog.databaseArn(), catalog.tableArn(catalog.rawTablePrefix() + "*")))
                                .build()),
                false, logDays));

        // The handlers wait on Athena with core's defaults (AthenaSqlEngine): the timeouts cover every wait at its limit.
        ReplenishConfig.Athena athena = ReplenishConfig.defaults().athena();
        Map<String, String> queryEnvironment = Map.of(
                CloudEnvironment.LAKE_BUCKET, lake.bucketName(),
                CloudEnvironment.GLUE_DATABASE, catalog.databaseName(),
                CloudEnvironment.RAW_TABLE_PREFIX, catalog.rawTablePrefix(),
                CloudEnvironment.ATHENA_WORKGROUP, props.workgroup().name(),
                CloudEnvironment.MAX_REJECT_FRACTION, Double.toString(config.query().maxRejectFraction()));
        // Athena runs a query with its caller's permissions: the starter needs the data and the
        // catalog writes of a CTAS (create the table, drop it again once the Parquet is written).
        // training/: the evaluate step's baseline queries read the join's validation rows
        // (training/<run>/evaluation/, through an external table the starter defines) and write
        // CSV under training/<run>/baselines/<table>/, which the starter empties first.
        startQuery = new JavaFunction(this, "StartQuery", new JavaFunction.Props(
                LambdaHandlers.START_QUERY, "replenish-start-query",
                "curate, features and evaluate steps: start one named SQL query of a run as an Athena CTAS",
                props.jar(), memory, queryTimeout(athena.longestStartWaitSeconds()), queryEnvironment,
                List.of(PolicyStatement.Builder.create()
                                .effect(Effect.ALLOW)
                                .actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:StopQueryExecution"))
                                .resources(List.of(props.workgroup().arn()))
                                .build(),
                        PolicyStatement.Builder.create()
                                .effect(Effect.ALLOW)
                                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable",
                                        "glue:UpdateTable", "glue:DeleteTable", "glue:GetPartition", "glue:GetPartitions",
                                        "glue:BatchGetPartition"))
                                .resources(List.of(catalog.catalogArn(), catalog.databaseArn(), catalog.tableArn("*")))
                                .build(),
                        // tmp/: the curate check's scratch table (tmp/curate/<table>/), which accept and reject read.
                        lake.readObjects(LakePrefix.RAW, LakePrefix.CURATED, LakePrefix.REJECTS, LakePrefix.FEATURES, LakePrefix.TRAINING, LakePrefix.TMP, LakePrefix.ATHENA_RESULTS),
                        lake.listObjects(LakePrefix.RAW, LakePrefix.CURATED, LakePrefix.REJECTS, LakePrefix.FEATURES, LakePrefix.TRAINING, LakePrefix.TMP, LakePrefix.ATHENA_RESULTS),
                        lake.writeObjects(LakePrefix.CURATED, LakePrefix.REJECTS, LakePrefix.FEATURES, LakePrefix.TRAINING, LakePrefix.TMP, LakePrefix.ATHENA_RESULTS),
                        lake.deleteObjects(LakePrefix.CURATED, LakePrefix.REJECTS, LakePrefix.FEATURES, LakePrefix.TRAINING, LakePrefix.TMP),
                        lake.locateBucket()),
                false, logDays));

        // After a curate check the status function counts the check's rows by reject rule (a short
        // Athena SELECT over tmp/curate/<table>/) to enforce ingest.maxRejectFraction.
        queryStatus = new JavaFunction(this, "QueryStatus", new JavaFunction.Props(
                LambdaHandlers.QUERY_STATUS, "replenish-query-status",
                "curate, features and evaluate steps: report a query's state and, when it failed, Athena's reason; stop a curate check over the reject limit",
                props.jar(), memory, queryTimeout(athena.longestStatusWaitSeconds()), queryEnvironment,
                List.of(PolicyStatement.Builder.create()
                                .effect(Effect.ALLOW)
                                .actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults"))
                                .resources(List.of(props.workgroup().arn()))
                                .build(),
                        PolicyStatement.Builder.create()
                                .effect(Effect.ALLOW)
                                .actions(List.of("glue:GetDatabase", "glue:GetTable"))
                                .resources(List.of(catalog.catalogArn(), catalog.databaseArn(), catalog.tableArn("*")))
                                .build(),
                        lake.readObjects(LakePrefix.TMP, LakePrefix.ATHENA_RESULTS),
                        lake.listObjects(LakePrefix.TMP, LakePrefix.ATHENA_RESULTS),
                        lake.writeObjects(LakePrefix.ATHENA_RESULTS),
                        lake.locateBucket()),
                false, logDays));

        // The gate reads the batch transform's scores and the baseline tables under training/<run>/,
        // finds the active model as the one the endpoint serves (the same lookup as the API's), reads
        // that run's reports/<run>/metrics.json, and writes the new run's metrics and report.
        List<PolicyStatement> gatePermissions = new ArrayList<>(List.of(
                lake.readObjects(LakePrefix.TRAINING, LakePrefix.REPORTS),
                lake.listObjects(LakePrefix.TRAINING, LakePrefix.REPORTS),
                lake.writeObjects(LakePrefix.REPORTS)));
        gatePermissions.addAll(ModelEndpoint.describeServingModel(this, props.endpoint().name()));
        evaluationGate = new JavaFunction(this, "EvaluationGate", new JavaFunction.Props(
                LambdaHandlers.EVALUATION_GATE, "replenish-evaluation-gate",
                "evaluate step: metrics of the run's batch-transform scores and the baselines on the validation set; deploy only if it beats the active model",
                props.jar(), config.functions().evaluationMemoryMb(), HEAVY_WORK_TIMEOUT,
                Map.of(CloudEnvironment.LAKE_BUCKET, lake.bucketName(),
                        CloudEnvironment.ENDPOINT_NAME, props.endpoint().name()),
                gatePermissions,
                false, logDays));

        suppressCommonFindings(runGuard, "Writes its own log streams only; X-Ray's trace calls take no resource.");
        suppressCommonFindings(crawler, "Resources are the raw_* tables of the project database and the function's "
                + "own log streams; X-Ray's trace calls take no resource.");
        suppressCommonFindings(startQuery, "Athena reads and writes with its caller's permissions: objects under the "
                + "raw/, curated/, rejects/, features/, training/, tmp/ and athena-results/ prefixes only, and the project "
                + "database's tables (a CTAS creates and drops one; the evaluation queries define an external table over "
                + "the run's validation rows); X-Ray's trace calls take no resource.");
        suppressCommonFindings(queryStatus, "Reads the curate scratch under tmp/ and Athena's results under "
                + "athena-results/ only (and writes the latter), the project database's tables; X-Ray's trace calls "
                + "take no resource.");
        suppressCommonFindings(evaluationGate, "Objects under training/ (read) and reports/ (read, write) only; the "
                + "endpoint's configurations and models are named per run under the endpoint's own prefix "
                + "(<endpoint>-<run id>), read with Describe calls only; X-Ray's trace calls take no resource.");
    }

    /** Every wait at its limit plus the calls around them, within Lambda's 15 minutes. */
    static Duration queryTimeout(int longestWaitSeconds) {
        Duration timeout = Duration.seconds(longestWaitSeconds).plus(QUERY_CALLS_MARGIN);
        if (timeout.toSeconds().intValue() > HEAVY_WORK_TIMEOUT.toSeconds().intValue()) {
            throw new IllegalArgumentException("athena.ddlTimeoutSeconds: waits of " + longestWaitSeconds
                    + " s leave a query function no time within Lambda's " + HEAVY_WORK_TIMEOUT.toMinutes() + " minutes");
        }
        return timeout;
    }

    /** Runtime and wildcard findings, with the reason that holds for this function's permissions. */
    public static void suppressCommonFindings(JavaFunction function, String wildcardReason) {
        NagSuppressions.addResourceSuppressions(function.function(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-L1")
                .reason("Java 21 is the runtime the project targets (Lambda java21 and Glue 5.0 both run the "
                        + "--release 17 bytecode); moving to java25 is a project decision, not a deploy-time one.")
                .build()));
        NagSuppressions.addResourceSuppressions(function.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(wildcardReason)
                .build()), true);
    }

    public JavaFunction runGuard() {
        return runGuard;
    }

    public JavaFunction crawler() {
        return crawler;
    }

    public JavaFunction startQuery() {
        return startQuery;
    }

    public JavaFunction queryStatus() {
        return queryStatus;
    }

    public JavaFunction evaluationGate() {
        return evaluationGate;
    }
}
