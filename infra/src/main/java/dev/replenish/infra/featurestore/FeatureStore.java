package dev.replenish.infra.featurestore;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

import java.util.List;

/**
 * The online side of the features: one item per user (the candidates and their feature vectors in
 * manifest order, plus the run id), and the small product catalog the API names products from.
 * Both are rebuilt by every pipeline run from the lake.
 */
public final class FeatureStore extends Construct {

    /** Partition keys, as the architecture names them; numbers, like the ids in the data contract. */
    public static final String USER_KEY = "user_id";
    public static final String PRODUCT_KEY = "product_id";

    /** @param onStackDelete DESTROY: the tables are rebuilt from the lake by the next run */
    public record Props(RemovalPolicy onStackDelete) {
    }

    private final Table features;
    private final Table productCatalog;

    public FeatureStore(Construct scope, String id, Props props) {
        super(scope, id);
        features = table("UserFeatures", USER_KEY, props.onStackDelete());
        productCatalog = table("ProductCatalog", PRODUCT_KEY, props.onStackDelete());
    }

    private Table table(String id, String key, RemovalPolicy onStackDelete) {
        return Table.Builder.create(this, id)
                .partitionKey(Attribute.builder().name(key).type(AttributeType.NUMBER).build())
                // Load bursts once per run and a trickle of reads in between: on-demand fits both.
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(onStackDelete)
                .build();
    }

    public Table features() {
        return features;
    }

    public Table productCatalog() {
        return productCatalog;
    }

    /** What the load-features job needs: idempotent batch puts of whole items (BatchWriter sends nothing else). */
    public PolicyStatement loadItems() {
        return PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("dynamodb:BatchWriteItem", "dynamodb:DescribeTable"))
                .resources(List.of(features.getTableArn(), productCatalog.getTableArn()))
                .build();
    }

    /** What the API needs: one GetItem per request (a user's item, or a product's for its similar products), and a batch read of product names. */
    public PolicyStatement readItems() {
        return PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("dynamodb:GetItem", "dynamodb:BatchGetItem"))
                .resources(List.of(features.getTableArn(), productCatalog.getTableArn()))
                .build();
    }
}
