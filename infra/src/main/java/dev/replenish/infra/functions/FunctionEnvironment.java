package dev.replenish.infra.functions;

/**
 * Names of the environment variables the handlers read. The lambdas module reads exactly these
 * names; a handler gets only the variables its step needs.
 */
public final class FunctionEnvironment {

    private FunctionEnvironment() {
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

    // Powertools for AWS Lambda (Java) reads these.
    public static final String POWERTOOLS_SERVICE_NAME = "POWERTOOLS_SERVICE_NAME";
    public static final String POWERTOOLS_LOG_LEVEL = "POWERTOOLS_LOG_LEVEL";
    public static final String POWERTOOLS_METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";
}
