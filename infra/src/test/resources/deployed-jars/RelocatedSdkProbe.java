import dev.replenish.featurestore.DynamoTarget;

/**
 * Run by DeployedJarsTest with the built Glue job jar (and the slf4j API Glue provides) as the class
 * path: the feature load's own DynamoDB client, from the jar's relocated SDK, checks that the
 * feature store's tables exist.
 * Arguments: the endpoint that stands in for DynamoDB.
 */
public class RelocatedSdkProbe {
    public static void main(String[] args) {
        DynamoTarget target = new DynamoTarget("replenish-features", "replenish-products", "us-east-1", args[0]);
        try (var client = target.newClient()) {
            target.createTablesIfMissing(client);
            System.out.println("client " + client.getClass().getName());
        }
    }
}
