package dev.replenish.lambdas.query;

import dev.replenish.core.config.CloudEnvironment;

import java.util.Map;

/**
 * Where the query Lambdas find the project's Athena resources. The CDK app sets these environment
 * variables, named in core's {@link CloudEnvironment}, on both query functions.
 *
 * @param workgroup      the project's Athena workgroup (engine v3; it enforces the result location)
 * @param database       the Glue database holding every table: the crawled raw tables, and the
 *                       curated, rejects, scratch and feature tables the statements create
 * @param rawTablePrefix the crawler's table prefix: the crawled table of orders is {@code <prefix>orders}
 * @param lakeBucket     the lake's S3 bucket name (prefixes as in {@code LakeLayout})
 */
public record AthenaSettings(String workgroup, String database, String rawTablePrefix, String lakeBucket) {

    public AthenaSettings {
        require(CloudEnvironment.ATHENA_WORKGROUP, workgroup, "[A-Za-z0-9._-]{1,128}");
        // Glue lower-cases names; these characters need no escaping in Hive DDL or Trino identifiers.
        require(CloudEnvironment.GLUE_DATABASE, database, "[a-z0-9_]{1,255}");
        // Non-empty: an empty prefix would give the crawled tables the curated tables' names.
        require(CloudEnvironment.RAW_TABLE_PREFIX, rawTablePrefix, "[a-z][a-z0-9_]{0,15}");
        require(CloudEnvironment.LAKE_BUCKET, lakeBucket, "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    }

    /** Reads the variables above; a missing or malformed one is an error naming it. */
    public static AthenaSettings fromEnvironment(Map<String, String> environment) {
        return new AthenaSettings(environment.get(CloudEnvironment.ATHENA_WORKGROUP), environment.get(CloudEnvironment.GLUE_DATABASE),
                environment.get(CloudEnvironment.RAW_TABLE_PREFIX), environment.get(CloudEnvironment.LAKE_BUCKET));
    }

    private static void require(String variable, String value, String pattern) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + variable + " is not set");
        }
        if (!value.matches(pattern)) {
            throw new IllegalArgumentException("environment variable " + variable + " ('" + value + "') must match " + pattern);
        }
    }
}
