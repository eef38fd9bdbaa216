package dev.replenish.infra.pipeline;

import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.model.ModelArchive;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.lake.RunKeys;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the evaluate and deploy steps' SageMaker calls share: the SDK call itself, tags, the model container, the role passing. */
final class SageMakerCalls {

    private SageMakerCalls() {
    }

    /** One SageMaker API call through Step Functions' SDK integration, with the one SDK-call timeout. */
    static CallAwsService call(Construct scope, String stateName, String action, Map<String, Object> parameters, String iamAction,
                               List<String> resources, List<PolicyStatement> extraStatements, String resultPath) {
        CallAwsService.Builder builder = CallAwsService.Builder.create(scope, stateName)
                .stateName(stateName)
                .service("sagemaker")
                .action(action)
                .parameters(parameters)
                .iamAction(iamAction)
                .iamResources(resources)
                .additionalIamStatements(extraStatements)
                .taskTimeout(Timeout.duration(StateKit.SDK_CALL_TIMEOUT))
                .resultPath(resultPath);
        if ("describeEndpoint".equals(action)) {
            builder.resultSelector(Map.of(
                    "status", JsonPath.stringAt("$.EndpointStatus"),
                    "config", JsonPath.stringAt("$.EndpointConfigName")));
        }
        return builder.build();
    }

    /** Runtime resources carry their run id, so clean-up can find them (the README's "Deploy to AWS"). */
    static List<Map<String, Object>> runTags() {
        return List.of(
                Map.of("Key", "project", "Value", "replenish"),
                Map.of("Key", "replenish:run", "Value", JsonPath.stringAt("$.runId")));
    }

    /** {@code s3://<lake>/models/{}/model.tar.gz}: the run's model archive as a States.Format template of the run id. */
    static String modelArchiveTemplate(DataLake lake) {
        return lake.rootUri() + RunKeys.withRunAs(run -> LakeLayout.models(run) + ModelArchive.FILE_NAME, "{}");
    }

    /** The run's model.tar.gz in the built-in XGBoost image: the evaluation model, the registered package, the served model. */
    static Map<String, Object> modelContainer(String imageUri, DataLake lake) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("Image", imageUri);
        container.put("ModelDataUrl", JsonPath.format(modelArchiveTemplate(lake), JsonPath.stringAt("$.runId")));
        return container;
    }

    /** CreateModel hands the model its execution role. */
    static PolicyStatement passModelRole(IRole role) {
        return PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("iam:PassRole"))
                .resources(List.of(role.getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "sagemaker.amazonaws.com")))
                .build();
    }

    static PolicyStatement tagging(String resourceArn) {
        return PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("sagemaker:AddTags"))
                .resources(List.of(resourceArn))
                .build();
    }
}
