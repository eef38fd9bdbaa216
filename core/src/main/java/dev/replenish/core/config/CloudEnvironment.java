package dev.replenish.core.config;

/**
 * Names of the environment variables the cloud runtime hands its code: the CDK app (infra) sets them
 * on the Lambda functions and on the served model's container, and the handlers (lambdas) read them.
 * Declared here, in the one module both depend on, so a renamed variable cannot reach only one side.
 * Only the names live here; core still knows nothing of the services behind them.
 */
public final class CloudEnvironment {

    private CloudEnvironment() {
    }

    /** The lake bucket's name (not a URI). */
    public static final String LAKE_BUCKET = "REPLENISH_LAKE_BUCKET";
    public static final String GLUE_DATABASE = "REPLENISH_GLUE_DATABASE";
    public static final String CRAWLER_NAME = "REPLENISH_CRAWLER_NAME";
    /** Prefix of the crawled raw tables: raw table of orders = prefix + "orders". */
    public static final String RAW_TABLE_PREFIX = "REPLENISH_RAW_TABLE_PREFIX";
    public static final String ATHENA_WORKGROUP = "REPLENISH_ATHENA_WORKGROUP";
    /** The curate step's reject threshold (a fraction, 0..1). */
    public static final String MAX_REJECT_FRACTION = "REPLENISH_MAX_REJECT_FRACTION";
    public static final String FEATURE_TABLE = "REPLENISH_FEATURE_TABLE";
    public static final String CATALOG_TABLE = "REPLENISH_CATALOG_TABLE";
    /** The serving endpoint's name: the API invokes it; the evaluation gate reads which run's model it serves. */
    public static final String ENDPOINT_NAME = "REPLENISH_ENDPOINT_NAME";
    /** The site's origin (https://xxxx.cloudfront.net): the only origin CORS headers allow. */
    public static final String ALLOWED_ORIGIN = "REPLENISH_ALLOWED_ORIGIN";

    /** In the served model's container environment, set by the deploy step: the run whose model it is. */
    public static final String MODEL_RUN_ID = "REPLENISH_RUN_ID";
    /** In the served model's container environment: the fingerprint of the feature manifest it was trained with. */
    public static final String MODEL_MANIFEST_FINGERPRINT = "REPLENISH_MANIFEST_FINGERPRINT";
}
