package dev.replenish.infra.training;

import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.lake.LakePrefix;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sagemaker.CfnModelPackageGroup;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * Training and the model registry: the execution role SageMaker's built-in XGBoost trains with, the
 * image it runs, and the Model Package Group every run's model is registered in (approved when it
 * beats the active model, rejected otherwise). Training jobs themselves are started by the pipeline.
 */
public final class TrainingAndRegistry extends Construct {

    /** Runtime names: training job "replenish-<run id>" (SageMaker's 63-character limit leaves room for a UUID). */
    public static final String TRAINING_JOB_PREFIX = "replenish-";

    public record Props(InfraConfig.Training config, DataLake lake) {
    }

    private final InfraConfig.Training config;
    private final XgboostImage image;
    private final Role trainingRole;
    private final CfnModelPackageGroup modelPackageGroup;

    public TrainingAndRegistry(Construct scope, String id, Props props) {
        super(scope, id);
        this.config = props.config();
        DataLake lake = props.lake();
        image = new XgboostImage(this, "XgboostImage");

        trainingRole = Role.Builder.create(this, "TrainingRole")
                .assumedBy(new ServicePrincipal("sagemaker.amazonaws.com"))
                .description("Replenish XGBoost training: reads training/ tables, writes the model under models/")
                .build();
        trainingRole.addToPolicy(lake.readObjects(LakePrefix.TRAINING));
        trainingRole.addToPolicy(lake.listObjects(LakePrefix.TRAINING));
        trainingRole.addToPolicy(lake.writeObjects(LakePrefix.MODELS));
        pullImage(trainingRole, image);
        writeSageMakerLogsAndMetrics(this, trainingRole, "/aws/sagemaker/TrainingJobs");

        modelPackageGroup = CfnModelPackageGroup.Builder.create(this, "ModelPackageGroup")
                .modelPackageGroupName(config.modelPackageGroup())
                .modelPackageGroupDescription("Replenish reorder models: one package per pipeline run, with its metrics")
                .build();

        NagSuppressions.addResourceSuppressions(trainingRole, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Objects only under the lake's training/ (read) and models/ (write) prefixes; logs only in "
                        + "SageMaker's fixed /aws/sagemaker/TrainingJobs group; ecr:GetAuthorizationToken and "
                        + "cloudwatch:PutMetricData take no resource (the latter is limited by namespace).")
                .build()), true);
    }

    /** ECR pull of the built-in image: the token call has no resource; the layer calls name the repository. */
    public static void pullImage(Role role, XgboostImage image) {
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"))
                .resources(List.of(image.repositoryArn()))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("ecr:GetAuthorizationToken"))
                .resources(List.of("*"))
                .build());
    }

    /** SageMaker containers log to fixed group names and publish metrics in a fixed namespace. */
    public static void writeSageMakerLogsAndMetrics(Construct scope, Role role, String logGroupPrefix) {
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"))
                .resources(List.of(Stack.of(scope).formatArn(ArnComponents.builder()
                        .service("logs").resource("log-group").resourceName(logGroupPrefix + "*")
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("cloudwatch:PutMetricData"))
                .resources(List.of("*"))
                .conditions(Map.of("StringLike", Map.of("cloudwatch:namespace", "/aws/sagemaker/*")))
                .build());
    }

    public InfraConfig.Training config() {
        return config;
    }

    public XgboostImage image() {
        return image;
    }

    public Role trainingRole() {
        return trainingRole;
    }

    public String modelPackageGroupName() {
        return modelPackageGroup.getModelPackageGroupName();
    }

    public String modelPackageGroupArn() {
        return modelPackageGroup.getAttrModelPackageGroupArn();
    }

    /** The packages registered in the group (their ARNs are model-package/<group>/<version>). */
    public String modelPackagesArn() {
        return SageMakerArns.of(this, "model-package", config.modelPackageGroup() + "/*");
    }
}
