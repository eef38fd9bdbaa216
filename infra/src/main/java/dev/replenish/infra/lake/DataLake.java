package dev.replenish.infra.lake;

import dev.replenish.core.lake.LakeLayout;

import dev.replenish.infra.config.InfraConfig;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The S3 data lake: one bucket holding every prefix of the architecture's lake layout. It is the
 * single source of truth of a deployment, so it is versioned and retained when the stack is deleted.
 * Access is granted per prefix through the statement builders below, never bucket-wide.
 */
public final class DataLake extends Construct {

    public record Props(InfraConfig.Lake lifecycle, IBucket accessLogs) {
    }

    private final Bucket bucket;

    public DataLake(Construct scope, String id, Props props) {
        super(scope, id);
        InfraConfig.Lake lifecycle = props.lifecycle();
        bucket = SecureBucket.builder(this, "Bucket")
                .versioned(true)
                .serverAccessLogsBucket(props.accessLogs())
                .serverAccessLogsPrefix("lake/")
                .lifecycleRules(List.of(
                        expire("athena-results", LakePrefix.ATHENA_RESULTS, lifecycle.athenaResultsRetentionDays()),
                        // Scratch is only read within its run; as short-lived as Athena's results.
                        expire("pipeline-scratch", LakePrefix.TMP, lifecycle.athenaResultsRetentionDays()),
                        // Per-run intermediates; the model, its report and the curated data stay.
                        expire("old-run-features", LakePrefix.FEATURES, lifecycle.runRetentionDays()),
                        expire("old-run-training-tables", LakePrefix.TRAINING, lifecycle.runRetentionDays()),
                        LifecycleRule.builder()
                                .id("overwritten-versions")
                                // Curated tables are rewritten on every run; keep old versions only as an undo window.
                                .noncurrentVersionExpiration(Duration.days(lifecycle.noncurrentVersionRetentionDays()))
                                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                                .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // S3 -> EventBridge notifications through the bucket's own CloudFormation property: the L2
        // switch (eventBridgeEnabled) would add a custom-resource Lambda for the same effect.
        CfnBucket cfnBucket = (CfnBucket) bucket.getNode().getDefaultChild();
        cfnBucket.setNotificationConfiguration(CfnBucket.NotificationConfigurationProperty.builder()
                .eventBridgeConfiguration(CfnBucket.EventBridgeConfigurationProperty.builder()
                        .eventBridgeEnabled(true)
                        .build())
                .build());
    }

    private static LifecycleRule expire(String id, LakePrefix prefix, int days) {
        return LifecycleRule.builder()
                .id(id)
                .prefix(prefix.key())
                .expiration(Duration.days(days))
                .build();
    }

    public Bucket bucket() {
        return bucket;
    }

    public String bucketName() {
        return bucket.getBucketName();
    }

    /** {@code s3://<bucket>/}: the lake root the jobs and handlers take as an argument. */
    public String rootUri() {
        return "s3://" + bucket.getBucketName() + "/";
    }

    /** {@code s3://<bucket>/<prefix>}. */
    public String uri(LakePrefix prefix) {
        return rootUri() + prefix.key();
    }

    /** Read objects under the prefixes. */
    public PolicyStatement readObjects(LakePrefix... prefixes) {
        return objectStatement(List.of("s3:GetObject"), prefixes);
    }

    /** Write objects under the prefixes (multipart uploads included, so abandoned parts can be aborted). */
    public PolicyStatement writeObjects(LakePrefix... prefixes) {
        return objectStatement(List.of("s3:PutObject", "s3:AbortMultipartUpload"), prefixes);
    }

    /** Delete objects under the prefixes: outputs that a run replaces as a whole. */
    public PolicyStatement deleteObjects(LakePrefix... prefixes) {
        return objectStatement(List.of("s3:DeleteObject"), prefixes);
    }

    /** List the bucket, but only under the prefixes. */
    public PolicyStatement listObjects(LakePrefix... prefixes) {
        List<String> allowed = Arrays.stream(prefixes)
                .flatMap(prefix -> java.util.stream.Stream.of(prefix.key().substring(0, prefix.key().length() - 1), prefix.everything()))
                .toList();
        return PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", allowed)))
                .build();
    }

    /**
     * Write, read back and replace the models the join fits ({@code models/<run>/missions-lda/},
     * {@code models/<run>/latent-factors-als/}) and no other object of {@code models/}: the run's
     * XGBoost model and manifest stay out of the join's reach.
     */
    public PolicyStatement replaceFittedModels() {
        return PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"))
                .resources(LakeLayout.FITTED_MODELS.stream()
                        .map(name -> bucket.arnForObjects(LakeLayout.MODELS + "*/" + name + "/*")).toList())
                .build();
    }

    /** Athena and Spark ask where the bucket lives before reading it. */
    public PolicyStatement locateBucket() {
        return PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("s3:GetBucketLocation"))
                .resources(List.of(bucket.getBucketArn()))
                .build();
    }

    private PolicyStatement objectStatement(List<String> actions, LakePrefix... prefixes) {
        if (prefixes.length == 0) {
            throw new IllegalArgumentException("name at least one lake prefix; bucket-wide access is not granted");
        }
        return PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(actions)
                .resources(Arrays.stream(prefixes).map(prefix -> bucket.arnForObjects(prefix.everything())).toList())
                .build();
    }
}
