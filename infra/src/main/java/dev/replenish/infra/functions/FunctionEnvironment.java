package dev.replenish.infra.functions;

/**
 * Powertools for AWS Lambda's own environment variables, which only that library reads. The
 * variables the project's handlers read are named in core's {@code CloudEnvironment}, shared with
 * the lambdas module.
 */
public final class FunctionEnvironment {

    private FunctionEnvironment() {
    }

    public static final String POWERTOOLS_SERVICE_NAME = "POWERTOOLS_SERVICE_NAME";
    public static final String POWERTOOLS_LOG_LEVEL = "POWERTOOLS_LOG_LEVEL";
    public static final String POWERTOOLS_METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";
}
