package dev.replenish.featurestore;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;

/**
 * One in-memory DynamoDB Local engine inside the test JVM, as the local runtime runs it: embedded,
 * with no port open.
 */
public final class SharedDynamoDb {

    private static EmbeddedDynamo engine;

    private SharedDynamoDb() {
    }

    public static synchronized DynamoClients clients() {
        if (engine == null) {
            engine = EmbeddedDynamo.register("tests", DynamoDBEmbedded.create().dynamoDbClient());
        }
        return engine;
    }
}
