package dev.replenish.infra.logs;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.Map;

/**
 * Every log group of the app is created explicitly (never implicitly by a service on first write),
 * so it has the configured retention and goes away with the stack instead of billing forever.
 */
public final class LogGroups {

    private LogGroups() {
    }

    private static final Map<Integer, RetentionDays> RETENTION = Map.ofEntries(
            Map.entry(1, RetentionDays.ONE_DAY), Map.entry(3, RetentionDays.THREE_DAYS),
            Map.entry(5, RetentionDays.FIVE_DAYS), Map.entry(7, RetentionDays.ONE_WEEK),
            Map.entry(14, RetentionDays.TWO_WEEKS), Map.entry(30, RetentionDays.ONE_MONTH),
            Map.entry(60, RetentionDays.TWO_MONTHS), Map.entry(90, RetentionDays.THREE_MONTHS),
            Map.entry(120, RetentionDays.FOUR_MONTHS), Map.entry(150, RetentionDays.FIVE_MONTHS),
            Map.entry(180, RetentionDays.SIX_MONTHS), Map.entry(365, RetentionDays.ONE_YEAR),
            Map.entry(400, RetentionDays.THIRTEEN_MONTHS), Map.entry(545, RetentionDays.EIGHTEEN_MONTHS),
            Map.entry(731, RetentionDays.TWO_YEARS), Map.entry(1096, RetentionDays.THREE_YEARS),
            Map.entry(1827, RetentionDays.FIVE_YEARS), Map.entry(2192, RetentionDays.SIX_YEARS),
            Map.entry(2557, RetentionDays.SEVEN_YEARS), Map.entry(2922, RetentionDays.EIGHT_YEARS),
            Map.entry(3288, RetentionDays.NINE_YEARS), Map.entry(3653, RetentionDays.TEN_YEARS));

    /** A log group with a CloudFormation-generated name. */
    public static LogGroup create(Construct scope, String id, int retentionDays) {
        return LogGroup.Builder.create(scope, id)
                .retention(retention(retentionDays))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    /** A log group whose name a service requires (Step Functions' vended logs, say). */
    public static LogGroup named(Construct scope, String id, String name, int retentionDays) {
        return LogGroup.Builder.create(scope, id)
                .logGroupName(name)
                .retention(retention(retentionDays))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    static RetentionDays retention(int days) {
        RetentionDays retention = RETENTION.get(days);
        if (retention == null) {
            throw new IllegalArgumentException("CloudWatch Logs cannot keep logs for " + days + " days; choose one of "
                    + new java.util.TreeSet<>(RETENTION.keySet()));
        }
        return retention;
    }
}
