package dev.replenish.featurestore;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.Serializable;

/**
 * Opens clients to one DynamoDB engine. Spark tasks receive this, not a client (clients do not
 * serialize), and open their own. Closing an opened client is always right.
 */
@FunctionalInterface
public interface DynamoClients extends Serializable {

    DynamoDbClient open();
}
