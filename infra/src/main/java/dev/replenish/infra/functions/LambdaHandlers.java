package dev.replenish.infra.functions;

/**
 * The handler classes in the lambdas module's shaded jar, named in this one place. Each is invoked
 * through its {@code handleRequest} method (RequestHandler); the event shapes are documented where
 * the state machine builds the payloads (dev.replenish.infra.pipeline).
 */
public final class LambdaHandlers {

    private LambdaHandlers() {
    }

    /** {"action":"start"|"status"|"checkSchema", "runId", ...}: the catalog step's crawler work. */
    public static final String CRAWLER = "dev.replenish.lambdas.catalog.CrawlerHandler";
    /** {"runId"} -> {"accepted": true|false, "reason"}: the state machine's first state, core's run-id rule. */
    public static final String RUN_GUARD = "dev.replenish.lambdas.run.RunGuardHandler";
    /** {"runId","stage","query"} -> {"executionId"}. */
    public static final String START_QUERY = "dev.replenish.lambdas.query.StartQueryHandler";
    /** {"executionId", "runId","stage","query"} -> {"state":"RUNNING|SUCCEEDED|FAILED","reason"}. */
    public static final String QUERY_STATUS = "dev.replenish.lambdas.query.QueryStatusHandler";
    /**
     * {"runId"} -> {"deploy": true|false, "reason", "metrics": {...}, "manifestFingerprint", "activeRunId"}
     * (the deploy step's model environment needs the fingerprint).
     */
    public static final String EVALUATION_GATE = "dev.replenish.lambdas.evaluation.EvaluationGateHandler";
    /** API Gateway REST proxy events. */
    public static final String API = "dev.replenish.lambdas.serving.ApiHandler";

    /** The Lambda handler string for a RequestHandler class. */
    public static String handlerOf(String className) {
        return className + "::handleRequest";
    }
}
