package dev.replenish.infra.pipeline;

import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.model.ModelArchive;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.lake.LakePrefix;
import dev.replenish.infra.lake.RunKeys;
import dev.replenish.infra.training.TrainingAndRegistry;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.IntegrationPattern;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.tasks.AlgorithmSpecification;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.amazon.awscdk.services.stepfunctions.tasks.Channel;
import software.amazon.awscdk.services.stepfunctions.tasks.DataSource;
import software.amazon.awscdk.services.stepfunctions.tasks.DockerImage;
import software.amazon.awscdk.services.stepfunctions.tasks.InputMode;
import software.amazon.awscdk.services.stepfunctions.tasks.OutputDataConfig;
import software.amazon.awscdk.services.stepfunctions.tasks.ResourceConfig;
import software.amazon.awscdk.services.stepfunctions.tasks.S3DataDistributionType;
import software.amazon.awscdk.services.stepfunctions.tasks.S3DataSource;
import software.amazon.awscdk.services.stepfunctions.tasks.S3DataType;
import software.amazon.awscdk.services.stepfunctions.tasks.S3Location;
import software.amazon.awscdk.services.stepfunctions.tasks.SageMakerCreateTrainingJob;
import software.amazon.awscdk.services.stepfunctions.tasks.StoppingCondition;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.replenish.infra.pipeline.StateKit.name;

/**
 * SageMaker training with the built-in XGBoost image (.sync, for the same reasons as the Glue runs),
 * then the model is copied to models/<run>/model.tar.gz, where the lake layout (and the local run)
 * keeps it; SageMaker itself writes models/<run>/<job name>/output/model.tar.gz.
 */
final class TrainStep extends StepConstruct {

    private static final PipelineStep STEP = PipelineStep.TRAIN;
    /** Where SageMaker puts a training job's archive under the job's output path: <path>/<job name>/output/. */
    static final String SAGEMAKER_JOB_OUTPUT = "/output/";

    private final TrainingAndRegistry registry;
    private final DataLake lake;

    TrainStep(Construct scope, StateKit kit, TrainingAndRegistry registry, DataLake lake) {
        super(scope, STEP, kit);
        this.registry = registry;
        this.lake = lake;
    }

    @Override
    public IChainable states(IChainable next) {
        InfraConfig.Training config = registry.config();
        String jobName = TrainingAndRegistry.TRAINING_JOB_PREFIX + "{}";
        SageMakerCreateTrainingJob training = SageMakerCreateTrainingJob.Builder.create(this, name(STEP, "train XGBoost"))
                .stateName(name(STEP, "train XGBoost"))
                .integrationPattern(IntegrationPattern.RUN_JOB)
                .trainingJobName(JsonPath.format(jobName, JsonPath.stringAt("$.runId")))
                // A view of the role that ignores CDK's generated grants: for S3 locations given as JSON
                // expressions it would grant s3 reads and writes on "*". TrainingAndRegistry grants the prefixes.
                .role(registry.trainingRole().withoutPolicyUpdates())
                .algorithmSpecification(AlgorithmSpecification.builder()
                        .trainingImage(DockerImage.fromRegistry(registry.image().uri()))
                        .trainingInputMode(InputMode.FILE)
                        .build())
                .hyperparameters(new TreeMap<String, Object>(config.hyperParameters()))
                .inputDataConfig(List.of(channel("train"), channel("validation")))
                .outputDataConfig(OutputDataConfig.builder()
                        .s3OutputLocation(S3Location.fromJsonExpression(runFormat(lake.rootUri()
                                + RunKeys.withRunAs(LakeLayout::models, "{}"))))
                        .build())
                .resourceConfig(ResourceConfig.builder()
                        // CDK prepends "ml." to the instance type; the configuration names it in full.
                        .instanceType(new InstanceType(config.instanceType().replaceFirst("^ml\\.", "")))
                        .instanceCount(config.instanceCount())
                        .volumeSize(Size.gibibytes(config.volumeSizeGb()))
                        .build())
                .stoppingCondition(StoppingCondition.builder()
                        .maxRuntime(Duration.minutes(config.maxRuntimeMinutes()))
                        .build())
                .resultSelector(Map.of(
                        "trainingJobName", JsonPath.stringAt("$.TrainingJobName"),
                        "modelArtifacts", JsonPath.stringAt("$.ModelArtifacts.S3ModelArtifacts")))
                .resultPath("$.training")
                .taskTimeout(Timeout.duration(Duration.minutes(config.maxRuntimeMinutes()).plus(StateKit.JOB_START_MARGIN)))
                .build();

        String archive = RunKeys.withRunAs(run -> LakeLayout.models(run) + ModelArchive.FILE_NAME, "{}");
        String jobArchive = RunKeys.withRunAs(run -> LakeLayout.models(run) + jobName + SAGEMAKER_JOB_OUTPUT + ModelArchive.FILE_NAME, "{}");
        CallAwsService publish = CallAwsService.Builder.create(this, name(STEP, "publish model.tar.gz"))
                .stateName(name(STEP, "publish model.tar.gz"))
                .service("s3")
                .action("copyObject")
                .parameters(Map.of(
                        "Bucket", lake.bucketName(),
                        "Key", JsonPath.format(archive, JsonPath.stringAt("$.runId")),
                        "CopySource", JsonPath.format(lake.bucketName() + "/" + jobArchive,
                                JsonPath.stringAt("$.runId"), JsonPath.stringAt("$.runId"))))
                .iamAction("s3:PutObject")
                .iamResources(List.of(lake.bucket().arnForObjects(LakePrefix.MODELS.everything())))
                .additionalIamStatements(List.of(lake.readObjects(LakePrefix.MODELS)))
                .resultPath(JsonPath.DISCARD)
                .taskTimeout(Timeout.duration(StateKit.SDK_CALL_TIMEOUT))
                .build();
        return kit.guard(training, TransientErrors.SAGEMAKER)
                .next(kit.guard(publish, TransientErrors.S3))
                .next(next);
    }

    private Channel channel(String split) {
        return Channel.builder()
                .channelName(split)
                .contentType("text/csv")
                .dataSource(DataSource.builder().s3DataSource(S3DataSource.builder()
                        .s3DataType(S3DataType.S3_PREFIX)
                        .s3DataDistributionType(S3DataDistributionType.FULLY_REPLICATED)
                        .s3Location(S3Location.fromJsonExpression(runFormat(lake.rootUri()
                                + RunKeys.withRunAs(run -> LakeLayout.training(run, split), "{}"))))
                        .build()).build())
                .build();
    }

    /** States.Format of a template whose "{}" are all the run id (for raw JSON expressions). */
    static String runFormat(String template) {
        int runs = template.split("\\{}", -1).length - 1;
        return "States.Format('" + template + "'" + ", $.runId".repeat(runs) + ")";
    }
}
