package dev.replenish.infra.lake;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

import java.util.List;

/**
 * Receives S3 server access logs (and, for the site, CloudFront standard logs). Logs are evidence of
 * who read the lake, so the bucket is retained when the stack is deleted; the lifecycle keeps it small.
 */
public final class AccessLogBucket extends Construct {

    /**
     * @param retentionDays          how long log objects are kept
     * @param acceptsCloudFrontLogs  CloudFront standard logging writes with ACLs, so ACLs must stay enabled
     */
    public record Props(int retentionDays, boolean acceptsCloudFrontLogs) {
    }

    private final Bucket bucket;

    public AccessLogBucket(Construct scope, String id, Props props) {
        super(scope, id);
        bucket = SecureBucket.builder(this, "Bucket")
                .objectOwnership(props.acceptsCloudFrontLogs() ? ObjectOwnership.OBJECT_WRITER : ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-logs")
                        .expiration(Duration.days(props.retentionDays()))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        NagSuppressions.addResourceSuppressions(bucket, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-S1")
                .reason("This is the access-log bucket itself; logging its own access into itself would loop, "
                        + "and the buckets it serves (lake, site) are the ones whose reads we audit.")
                .build()));
    }

    public Bucket bucket() {
        return bucket;
    }
}
