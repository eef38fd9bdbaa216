package dev.replenish.featurestore;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.net.URI;

/**
 * SDK clients over HTTP: DynamoDB in a region, or a DynamoDB-compatible server at an endpoint.
 *
 * @param region   the AWS region
 * @param endpoint a server's URL, or null for the AWS endpoint of the region
 */
public record SdkDynamoClients(String region, String endpoint) implements DynamoClients {

    @Override
    public DynamoDbClient open() {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region));
        if (endpoint != null) {
            // A local server checks that credentials are present, not what they are.
            builder.endpointOverride(URI.create(endpoint))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        }
        return builder.build();
    }
}
