package dev.replenish.infra.pipeline;

import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

import java.util.Optional;

/**
 * The topic the pipeline's failure path publishes to: run id, step, error and cause. Subscribe an
 * address through configuration (replenish:pipeline.alertEmail) or add any subscriber later.
 */
public final class FailureAlerts extends Construct {

    public record Props(Optional<String> email) {
    }

    private final Topic topic;

    public FailureAlerts(Construct scope, String id, Props props) {
        super(scope, id);
        topic = Topic.Builder.create(this, "Topic")
                .displayName("Replenish pipeline failures")
                // The AWS managed key: encryption at rest with no key to pay for or manage; publishers in
                // this account (the state machine) need no extra permission for it.
                .masterKey(Alias.fromAliasName(this, "SnsManagedKey", "alias/aws/sns"))
                .enforceSsl(true)
                .build();
        props.email().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));
    }

    public Topic topic() {
        return topic;
    }
}
