package dev.replenish.lambdas.query;

import java.util.Map;

/**
 * Where the query Lambdas find the project's Athena resources. The CDK app sets these environment
 * variables on both query functions; their names are the contract between the two.
 *
 * @param workgroup       the project's Athena workgroup (engine v3)
 * @param lakeDatabase    the Glue database of curated, rejects, scratch and feature tables: every
 *                        table a statement creates, and the context unqualified names resolve in
 * @param rawDatabase     the Glue database the crawler writes the raw tables into, one per
 *                        contract table, named like it ({@code orders}, {@code order_products_prior}, ...)
 * @param lakeBucket      the lake's S3 bucket (prefixes as in {@code LakeLayout})
 * @param resultsLocation where Athena writes query results ({@code s3://...}); null to use the workgroup's
 */
public record AthenaSettings(String workgroup, String lakeDatabase, String rawDatabase, String lakeBucket,
                             String resultsLocation) {

    public static final String WORKGROUP = "REPLENISH_ATHENA_WORKGROUP";
    public static final String LAKE_DATABASE = "REPLENISH_LAKE_DATABASE";
    public static final String RAW_DATABASE = "REPLENISH_RAW_DATABASE";
    public static final String LAKE_BUCKET = "REPLENISH_LAKE_BUCKET";
    /** Optional. */
    public static final String RESULTS_LOCATION = "REPLENISH_ATHENA_RESULTS";

    public AthenaSettings {
        require(WORKGROUP, workgroup, "[A-Za-z0-9._-]{1,128}");
        // Glue lower-cases names; only these characters need no quoting in Hive DDL and Trino alike.
        require(LAKE_DATABASE, lakeDatabase, "[a-z0-9_]{1,255}");
        require(RAW_DATABASE, rawDatabase, "[a-z0-9_]{1,255}");
        require(LAKE_BUCKET, lakeBucket, "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
        if (lakeDatabase.equals(rawDatabase)) {
            throw new IllegalArgumentException(RAW_DATABASE + " and " + LAKE_DATABASE + " must differ: the crawler's raw "
                    + "tables are named like the curated tables ('" + lakeDatabase + "')");
        }
        if (resultsLocation != null && !resultsLocation.matches("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?")) {
            throw new IllegalArgumentException(RESULTS_LOCATION + " must be an s3:// location, was '" + resultsLocation + "'");
        }
    }

    /** Reads the variables above; a missing or malformed one is an error naming it. */
    public static AthenaSettings fromEnvironment(Map<String, String> environment) {
        String results = environment.get(RESULTS_LOCATION);
        return new AthenaSettings(environment.get(WORKGROUP), environment.get(LAKE_DATABASE),
                environment.get(RAW_DATABASE), environment.get(LAKE_BUCKET),
                results == null || results.isBlank() ? null : results);
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
