package dev.replenish.infra.config;

import dev.replenish.core.config.ReplenishConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The one home of the cloud deployment's configuration: every default is here, and each one can be
 * overridden by CDK context ({@code cdk.json} or {@code cdk deploy -c replenish:<key>=<value>}).
 * Constructs receive the section they need and never read context themselves.
 */
public record InfraConfig(
        Deployment deployment,
        Artifacts artifacts,
        Lake lake,
        Catalog catalog,
        Query query,
        Join join,
        Join featureLoad,
        Training training,
        Endpoint endpoint,
        Functions functions,
        Pipeline pipeline,
        Api api,
        Logs logs) {

    /** Where the stacks go. Without an account the templates are account-agnostic (no lookups). */
    public record Deployment(String region, Optional<String> account) {
    }

    /** Build outputs and source folders that become assets; paths are resolved against the repository root. */
    public record Artifacts(Path lambdaJarDir, Path glueJobJar, Path glueEntryScript, Path featureLoadEntryScript,
                            Path webDir, Path sqlDir) {
    }

    /** Lifecycle of the lake bucket: scratch and per-run outputs expire, raw and curated data stay. */
    public record Lake(int runRetentionDays, int athenaResultsRetentionDays, int noncurrentVersionRetentionDays) {
    }

    /**
     * @param rawDataMarker the object uploaded after the six files; its arrival starts the pipeline
     */
    public record Catalog(String databaseName, String rawTablePrefix, int crawlerPollSeconds, String rawDataMarker) {
    }

    /**
     * @param maxRejectFraction the curate step's reject threshold (the local run's default, from core)
     */
    public record Query(long bytesScannedCutoffPerQuery, int maxConcurrentQueries, int pollSeconds,
                        double maxRejectFraction) {
    }

    /** A Glue job's capacity: the join and the feature load each have one. */
    public record Join(String workerType, int numberOfWorkers, int timeoutMinutes) {
    }

    /**
     * @param transformInstanceType       the evaluate step's batch transform, which scores the validation set
     * @param transformMaxRuntimeMinutes  how long the evaluate step waits for that transform (SageMaker
     *                                    sets no limit of its own on a transform job)
     * @param hyperParameters the training configuration's one home, core's
     *                        {@code ReplenishConfig.training().sageMakerHyperParameters()}: the local
     *                        trainer derives its booster parameters from the same record, so the two
     *                        runtimes cannot train different models
     */
    public record Training(String instanceType, int instanceCount, int volumeSizeGb, int maxRuntimeMinutes,
                           String transformInstanceType, int transformMaxRuntimeMinutes,
                           String modelPackageGroup, Map<String, String> hyperParameters) {
    }

    public enum EndpointType { REALTIME, SERVERLESS }

    public record Endpoint(String name, EndpointType type, String instanceType, int instanceCount,
                           int serverlessMemoryMb, int serverlessMaxConcurrency, int pollSeconds) {
    }

    /** Memory of the Java functions; the evaluation gate holds the whole validation set's scores and baselines in memory. */
    public record Functions(int pipelineMemoryMb, int evaluationMemoryMb, int apiMemoryMb) {
    }

    /**
     * @param schedule a rate(...) or cron(...) expression that also starts the pipeline; empty = uploads only
     * @param alertEmail subscribed to the failure topic when set (the address must confirm by email)
     */
    public record Pipeline(Optional<String> schedule, Optional<String> alertEmail, int timeoutHours) {
    }

    /**
     * Who may call the API. PUBLIC: anyone, as the static page does (any user id's candidates can be
     * read, and ids can be enumerated). PRIVATE: only callers that sign their requests (IAM, SigV4)
     * with a principal allowed execute-api:Invoke, as servers do; the page cannot call it then.
     */
    public enum ApiAccess { PUBLIC, PRIVATE }

    /**
     * @param access             who may call the API
     * @param perClientRateLimit requests one client IP may make in 5 minutes before WAF blocks it; 0 = no WAF
     */
    public record Api(String stageName, int throttleRateLimit, int throttleBurstLimit, ApiAccess access, int perClientRateLimit) {
    }

    public record Logs(int retentionDays) {
    }

    /** WAF's rate-based rules count at least 10 requests in their window: 0 (off) or at least that. */
    static int perClientRateLimit(int limit) {
        if (limit != 0 && limit < 10) {
            throw new ContextSettings.InvalidSettingException("replenish:api.perClientRateLimit: " + limit
                    + " is below WAF's smallest rate-based limit, 10 requests per 5 minutes (0 turns the limit off)");
        }
        return limit;
    }

    public static InfraConfig defaults(Path projectRoot) {
        return fromContext(ContextSettings.empty(), projectRoot);
    }

    /** Reads every setting, applying the defaults below to those the context does not set. */
    public static InfraConfig fromContext(ContextSettings context, Path projectRoot) {
        Deployment deployment = new Deployment(
                context.string("replenish:region", "us-east-1"),
                context.optional("replenish:account"));

        Artifacts artifacts = new Artifacts(
                projectRoot.resolve(context.string("replenish:artifacts.lambdaJarDir", "lambdas/target")),
                projectRoot.resolve(context.string("replenish:artifacts.glueJobJar", "glue-scripts/target/replenish-glue-job.jar")),
                projectRoot.resolve(context.string("replenish:artifacts.glueEntryScript", "glue-scripts/src/main/glue/join_entry.py")),
                projectRoot.resolve(context.string("replenish:artifacts.featureLoadEntryScript", "glue-scripts/src/main/glue/load_features_entry.py")),
                projectRoot.resolve(context.string("replenish:artifacts.webDir", "web")),
                projectRoot.resolve(context.string("replenish:artifacts.sqlDir", "sql")));

        Lake lake = new Lake(
                context.integer("replenish:lake.runRetentionDays", 30, 1, 3650),
                context.integer("replenish:lake.athenaResultsRetentionDays", 7, 1, 3650),
                context.integer("replenish:lake.noncurrentVersionRetentionDays", 30, 1, 3650));

        Catalog catalog = new Catalog(
                requireName("replenish:catalog.databaseName", context.string("replenish:catalog.databaseName", "replenish"), "[a-z][a-z0-9_]{0,63}"),
                requireName("replenish:catalog.rawTablePrefix", context.string("replenish:catalog.rawTablePrefix", "raw_"), "[a-z][a-z0-9_]{0,15}"),
                context.integer("replenish:catalog.crawlerPollSeconds", 30, 5, 600),
                requireName("replenish:catalog.rawDataMarker", context.string("replenish:catalog.rawDataMarker", "raw/_READY"), "raw/_[A-Za-z0-9._-]{1,64}"));

        Query query = new Query(
                // 10 GiB: a full-scale raw orders table is under 1 GiB, so only a runaway query hits it.
                context.longValue("replenish:query.bytesScannedCutoffPerQuery", 10L * 1024 * 1024 * 1024, 10L * 1024 * 1024, Long.MAX_VALUE),
                context.integer("replenish:query.maxConcurrentQueries", 4, 1, 20),
                context.integer("replenish:query.pollSeconds", 10, 1, 300),
                context.decimal("replenish:query.maxRejectFraction", ReplenishConfig.defaults().ingest().maxRejectFraction(), 0.0, 1.0));

        Join join = glueJob(context, "join", 60);
        // Writes ~206 k items at full scale; DynamoDB on demand, not Spark, sets the pace.
        Join featureLoad = glueJob(context, "featureLoad", 60);

        Training training = new Training(
                requireName("replenish:training.instanceType", context.string("replenish:training.instanceType", "ml.m5.xlarge"), "ml\\.[a-z0-9]+\\.[a-z0-9]+"),
                context.integer("replenish:training.instanceCount", 1, 1, 20),
                context.integer("replenish:training.volumeSizeGb", 30, 1, 1024),
                context.integer("replenish:training.maxRuntimeMinutes", 120, 5, 5 * 24 * 60),
                requireName("replenish:training.transformInstanceType", context.string("replenish:training.transformInstanceType", "ml.m5.xlarge"), "ml\\.[a-z0-9]+\\.[a-z0-9]+"),
                // Scoring the validation set takes minutes on one instance; the hour is headroom, not an estimate.
                context.integer("replenish:training.transformMaxRuntimeMinutes", 60, 5, 2 * 24 * 60),
                requireName("replenish:training.modelPackageGroup", context.string("replenish:training.modelPackageGroup", "replenish-reorder"), "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"),
                Map.copyOf(ReplenishConfig.defaults().training().sageMakerHyperParameters()));

        Endpoint endpoint = new Endpoint(
                // Runtime model and endpoint-config names are "<name>-<run id>", the evaluation model
                // "<name>-eval-<run id>": within SageMaker's 63 characters for a 36-character (UUID) run id.
                requireName("replenish:endpoint.name", context.string("replenish:endpoint.name", "replenish-reorder"), "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,19}"),
                context.choice("replenish:endpoint.type", EndpointType.REALTIME),
                requireName("replenish:endpoint.instanceType", context.string("replenish:endpoint.instanceType", "ml.m5.large"), "ml\\.[a-z0-9]+\\.[a-z0-9]+"),
                context.integer("replenish:endpoint.instanceCount", 1, 1, 10),
                context.choiceOf("replenish:endpoint.serverlessMemoryMb", 2048, 1024, 2048, 3072, 4096, 5120, 6144),
                context.integer("replenish:endpoint.serverlessMaxConcurrency", 5, 1, 200),
                context.integer("replenish:endpoint.pollSeconds", 60, 10, 600));

        Functions functions = new Functions(
                context.integer("replenish:functions.pipelineMemoryMb", 1024, 256, 10240),
                context.integer("replenish:functions.evaluationMemoryMb", 4096, 512, 10240),
                context.integer("replenish:functions.apiMemoryMb", 1024, 256, 10240));

        Pipeline pipeline = new Pipeline(
                context.optional("replenish:pipeline.schedule").map(schedule -> requireName(
                        "replenish:pipeline.schedule", schedule, "(rate|cron)\\(.+\\)")),
                context.optional("replenish:pipeline.alertEmail").map(email -> requireName(
                        "replenish:pipeline.alertEmail", email, "[^@\\s]+@[^@\\s]+\\.[^@\\s]+")),
                context.integer("replenish:pipeline.timeoutHours", 12, 1, 24 * 7));

        Api api = new Api(
                requireName("replenish:api.stageName", context.string("replenish:api.stageName", "prod"), "[A-Za-z0-9_]{1,64}"),
                context.integer("replenish:api.throttleRateLimit", 50, 1, 10_000),
                context.integer("replenish:api.throttleBurstLimit", 100, 1, 5_000),
                context.choice("replenish:api.access", ApiAccess.PUBLIC),
                perClientRateLimit(context.integer("replenish:api.perClientRateLimit", 0, 0, 2_000_000_000)));

        Logs logs = new Logs(context.choiceOf("replenish:logs.retentionDays", 30,
                1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653));

        return new InfraConfig(deployment, artifacts, lake, catalog, query, join, featureLoad, training, endpoint, functions,
                pipeline, api, logs);
    }

    /** replenish:<section>.workerType / .numberOfWorkers / .timeoutMinutes of one Glue job. */
    private static Join glueJob(ContextSettings context, String section, int defaultTimeoutMinutes) {
        String prefix = "replenish:" + section + ".";
        return new Join(
                requireName(prefix + "workerType", context.string(prefix + "workerType", "G.1X"), "G\\.(025X|1X|2X|4X|8X|12X|16X)|R\\.(1X|2X|4X|8X)"),
                context.integer(prefix + "numberOfWorkers", 2, 2, 299),
                context.integer(prefix + "timeoutMinutes", defaultTimeoutMinutes, 1, 2880));
    }

    private static String requireName(String key, String value, String pattern) {
        if (!value.matches(pattern)) {
            throw new ContextSettings.InvalidSettingException(
                    "context " + key + " is '" + value + "'; expected a value matching " + pattern);
        }
        return value;
    }
}
