package dev.replenish.infra.functions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The handler classes of the lambdas module, named in this one place, each with the jar it ships in.
 * The lambdas module builds one shaded jar per group of handlers that call the same AWS services
 * ({@link Jar}), so no function carries SDK clients it never calls. Adding a handler is one line here,
 * {@code NAME = handler("class", Jar.GROUP)}; a handler that calls a new AWS service also needs that
 * client left out of the other groups' jars (lambdas/pom.xml). Each is invoked through its
 * {@code handleRequest} method; the event shapes are documented where the state machine builds
 * the payloads (dev.replenish.infra.pipeline).
 */
public final class LambdaHandlers {

    /** The lambdas module's shaded jars (lambdas/pom.xml, one shade execution each). */
    public enum Jar {
        /** Glue. */
        CATALOG("replenish-lambdas-catalog.jar"),
        /** Athena and S3. */
        QUERY("replenish-lambdas-query.jar"),
        /** S3 and SageMaker's Describe calls. */
        EVALUATION("replenish-lambdas-evaluation.jar"),
        /** DynamoDB, SageMaker Runtime and SageMaker's Describe calls. */
        API("replenish-lambdas-api.jar");

        private final String fileName;

        Jar(String fileName) {
            this.fileName = fileName;
        }

        /** The file's name in the lambdas module's target directory. */
        public String fileName() {
            return fileName;
        }
    }

    private static final Map<String, Jar> JAR_OF_HANDLER = new LinkedHashMap<>();

    /** {"action":"start"|"status"|"checkSchema", "runId", ...}: the catalog step's crawler work. */
    public static final String CRAWLER = handler("dev.replenish.lambdas.catalog.CrawlerHandler", Jar.CATALOG);
    /** {"runId"} -> {"accepted": true|false, "reason"}: the state machine's first state, core's run-id rule (no AWS call). */
    public static final String RUN_GUARD = handler("dev.replenish.lambdas.run.RunGuardHandler", Jar.QUERY);
    /** {"runId","stage","query"} -> {"executionId"}. */
    public static final String START_QUERY = handler("dev.replenish.lambdas.query.StartQueryHandler", Jar.QUERY);
    /** {"executionId", "runId","stage","query"} -> {"state":"RUNNING|SUCCEEDED|FAILED","reason"}. */
    public static final String QUERY_STATUS = handler("dev.replenish.lambdas.query.QueryStatusHandler", Jar.QUERY);
    /**
     * {"runId"} -> {"deploy": true|false, "reason", "metrics": {...}, "manifestFingerprint", "activeRunId"}
     * (the deploy step's model environment needs the fingerprint).
     */
    public static final String EVALUATION_GATE = handler("dev.replenish.lambdas.evaluation.EvaluationGateHandler", Jar.EVALUATION);
    /** API Gateway REST proxy events. */
    public static final String API = handler("dev.replenish.lambdas.serving.ApiHandler", Jar.API);

    private LambdaHandlers() {
    }

    private static String handler(String className, Jar jar) {
        JAR_OF_HANDLER.put(className, jar);
        return className;
    }

    /** The Lambda handler string for a RequestHandler class. */
    public static String handlerOf(String className) {
        return className + "::handleRequest";
    }

    /** The jar that holds {@code className}, which must be one of the handlers above. */
    public static Jar jarOf(String className) {
        Jar jar = JAR_OF_HANDLER.get(className);
        if (jar == null) {
            throw new IllegalArgumentException(className + " is not a handler named in LambdaHandlers");
        }
        return jar;
    }

    /** Every handler class, with its jar, in declaration order. */
    public static Map<String, Jar> all() {
        return Collections.unmodifiableMap(JAR_OF_HANDLER);
    }
}
