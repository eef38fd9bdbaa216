package dev.replenish.infra.glue;

import dev.replenish.infra.config.InfraConfig;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every Glue 5.0 job of the project has in common: a Java Spark class of glue-scripts started
 * by a tiny Python entry script (Glue launches Python or Scala scripts, not Java mains), the job jar
 * as --extra-jars, a role of its own that may read those two assets and write Glue's log groups,
 * bookmarks off and no Glue-side retries. Glue's own jars stay first on the class path: the job jar
 * carries its AWS SDK relocated into our own package (glue-scripts/pom.xml), so the two SDKs cannot
 * clash. Glue 5.0 streams driver and executor logs to CloudWatch by itself; the continuous-logging
 * arguments of Glue 4.0 and earlier do not apply. The job's data permissions are added by its construct.
 * Children are created in the caller's scope, under the ids EntryScript, JobJar, Role and Job.
 */
public final class GlueJavaJob {

    /** The one Glue argument every run passes: the run whose tables the job reads and writes. */
    public static final String RUN_ID_ARGUMENT = "--run_id";

    /** @param arguments the job's own default arguments, added after the common ones */
    public record Spec(String roleDescription, String jobDescription, Path entryScript, Path jobJar,
                       InfraConfig.Join config, Map<String, String> arguments) {
    }

    private final Role role;
    private final CfnJob job;

    public GlueJavaJob(Construct scope, Spec spec) {
        Asset entryScript = Asset.Builder.create(scope, "EntryScript").path(spec.entryScript().toString()).build();
        Asset jobJar = Asset.Builder.create(scope, "JobJar").path(spec.jobJar().toString()).build();

        role = Role.Builder.create(scope, "Role")
                .assumedBy(new ServicePrincipal("glue.amazonaws.com"))
                .description(spec.roleDescription())
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject"))
                .resources(List.of(
                        entryScript.getBucket().arnForObjects(entryScript.getS3ObjectKey()),
                        jobJar.getBucket().arnForObjects(jobJar.getS3ObjectKey())))
                .build());
        // Glue 5.0 writes the job's logs to its fixed /aws-glue/jobs/* log groups.
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(Stack.of(scope).formatArn(ArnComponents.builder()
                        .service("logs").resource("log-group").resourceName("/aws-glue/jobs/*")
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())))
                .build());

        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("--job-language", "python");
        arguments.put("--extra-jars", jobJar.getS3ObjectUrl());
        // Every run rebuilds its outputs from scratch for its run id: bookmarks would skip input.
        arguments.put("--job-bookmark-option", "job-bookmark-disable");
        arguments.putAll(spec.arguments());

        job = CfnJob.Builder.create(scope, "Job")
                .description(spec.jobDescription())
                .role(role.getRoleArn())
                .glueVersion("5.0")
                .command(CfnJob.JobCommandProperty.builder()
                        .name("glueetl")
                        .pythonVersion("3")
                        .scriptLocation(entryScript.getS3ObjectUrl())
                        .build())
                .defaultArguments(arguments)
                .workerType(spec.config().workerType())
                .numberOfWorkers(spec.config().numberOfWorkers())
                .timeout(spec.config().timeoutMinutes())
                // Step Functions owns retries (with backoff, and only for transient errors).
                .maxRetries(0)
                .executionProperty(CfnJob.ExecutionPropertyProperty.builder().maxConcurrentRuns(1).build())
                .build();
    }

    public Role role() {
        return role;
    }

    public CfnJob job() {
        return job;
    }

    public String jobName() {
        return job.getRef();
    }

    public String jobArn() {
        return Stack.of(job).formatArn(ArnComponents.builder()
                .service("glue").resource("job").resourceName(job.getRef()).build());
    }
}
