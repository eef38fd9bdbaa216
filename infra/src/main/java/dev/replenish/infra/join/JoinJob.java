package dev.replenish.infra.join;

import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.lake.LakePrefix;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.glue.CfnJob;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

import java.nio.file.Path;
import dev.replenish.core.config.ReplenishConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The join step on Glue 5.0 (Spark 3.5, Java 17): the Java Spark job of glue-scripts, started by a
 * tiny Python entry script because Glue launches Python or Scala scripts, not Java mains. The job's
 * jar rides along as --extra-jars. Reads curated/ and features/, writes training/.
 */
public final class JoinJob extends Construct {

    /** Glue arguments the entry script reads and hands to JoinJob.main(lakeRoot, runId). */
    public static final String LAKE_ROOT_ARGUMENT = "--lake_root";
    public static final String RUN_ID_ARGUMENT = "--run_id";
    public static final String VALIDATION_FRACTION_ARGUMENT = "--validation_fraction";

    public record Props(InfraConfig.Join config, Path entryScript, Path jobJar, DataLake lake) {
    }

    private final CfnJob job;

    public JoinJob(Construct scope, String id, Props props) {
        super(scope, id);
        DataLake lake = props.lake();
        Asset entryScript = Asset.Builder.create(this, "EntryScript").path(props.entryScript().toString()).build();
        Asset jobJar = Asset.Builder.create(this, "JobJar").path(props.jobJar().toString()).build();

        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("glue.amazonaws.com"))
                .description("Replenish join job: reads curated and feature tables, writes the training tables")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject"))
                .resources(List.of(
                        entryScript.getBucket().arnForObjects(entryScript.getS3ObjectKey()),
                        jobJar.getBucket().arnForObjects(jobJar.getS3ObjectKey())))
                .build());
        role.addToPolicy(lake.readObjects(LakePrefix.CURATED, LakePrefix.FEATURES, LakePrefix.TRAINING));
        role.addToPolicy(lake.listObjects(LakePrefix.CURATED, LakePrefix.FEATURES, LakePrefix.TRAINING));
        role.addToPolicy(lake.locateBucket());
        // Spark's committer writes temporary objects and deletes them; a re-run replaces the run's tables.
        role.addToPolicy(lake.writeObjects(LakePrefix.TRAINING));
        role.addToPolicy(lake.deleteObjects(LakePrefix.TRAINING));
        // Continuous logging writes to Glue's fixed /aws-glue/jobs/* log groups.
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("logs").resource("log-group").resourceName("/aws-glue/jobs/*")
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())))
                .build());

        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("--job-language", "python");
        arguments.put("--extra-jars", jobJar.getS3ObjectUrl());
        arguments.put(LAKE_ROOT_ARGUMENT, lake.rootUri());
        // The split follows the same configuration home as the local join.
        arguments.put(VALIDATION_FRACTION_ARGUMENT,
                Double.toString(ReplenishConfig.defaults().join().validationFraction()));
        // Every run rebuilds its tables from scratch for its run id: bookmarks would skip input.
        arguments.put("--job-bookmark-option", "job-bookmark-disable");
        arguments.put("--enable-continuous-cloudwatch-log", "true");
        arguments.put("--enable-continuous-log-filter", "true");

        job = CfnJob.Builder.create(this, "Job")
                .description("Replenish join: builds train / validation / inference tables and the feature manifest")
                .role(role.getRoleArn())
                .glueVersion("5.0")
                .command(CfnJob.JobCommandProperty.builder()
                        .name("glueetl")
                        .pythonVersion("3")
                        .scriptLocation(entryScript.getS3ObjectUrl())
                        .build())
                .defaultArguments(arguments)
                .workerType(props.config().workerType())
                .numberOfWorkers(props.config().numberOfWorkers())
                .timeout(props.config().timeoutMinutes())
                // Step Functions owns retries (with backoff, and only for transient errors).
                .maxRetries(0)
                .executionProperty(CfnJob.ExecutionPropertyProperty.builder().maxConcurrentRuns(1).build())
                .build();

        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Object access is limited to the lake's curated/, features/ and training/ prefixes the join "
                        + "reads and writes, and logging to Glue's fixed /aws-glue/jobs/* log groups.")
                .build()), true);
        NagSuppressions.addResourceSuppressions(job, List.of(
                NagPackSuppression.builder().id("AwsSolutions-GL1")
                        .reason("The join job logs row counts and timings, never rows; a KMS key for those logs adds "
                                + "cost without protecting customer data.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-GL3")
                        .reason("Job bookmarks are disabled (every run rebuilds its tables), so there is no bookmark "
                                + "state to encrypt.")
                        .build()));
    }

    public String jobName() {
        return job.getRef();
    }

    public String jobArn() {
        return Stack.of(this).formatArn(ArnComponents.builder()
                .service("glue").resource("job").resourceName(job.getRef()).build());
    }
}
