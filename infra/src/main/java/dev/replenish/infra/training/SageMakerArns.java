package dev.replenish.infra.training;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.constructs.Construct;

import java.util.Locale;

/**
 * SageMaker resource ARNs. SageMaker lower-cases resource names inside its ARNs, so a policy written
 * with the name as configured ("Replenish-Reorder") would never match; every ARN here is lower-cased.
 */
public final class SageMakerArns {

    /** SageMaker's limit on the names of training and transform jobs, models and endpoint configurations. */
    public static final int MAX_NAME_LENGTH = 63;

    private SageMakerArns() {
    }

    /** e.g. of(scope, "endpoint", "replenish-reorder") or of(scope, "model", "replenish-reorder-*"). */
    public static String of(Construct scope, String resourceType, String name) {
        return Stack.of(scope).formatArn(ArnComponents.builder()
                .service("sagemaker").resource(resourceType).resourceName(name.toLowerCase(Locale.ROOT)).build());
    }
}
