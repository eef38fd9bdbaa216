package dev.replenish.local.featurestore;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDB;
import com.amazonaws.services.dynamodbv2.local.shared.access.awssdkv2.converters.AwsServiceExceptionConverter;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An SDK v2 client of DynamoDB Local's engine in this JVM that hands the feature store's three hot
 * calls (GetItem, BatchGetItem, BatchWriteItem) to the engine's own interface, copying attribute
 * values across. DynamoDB Local's embedded v2 client converts every request and response by
 * writing it as JSON and reading it back (a 10 KB item's features become base64 text and back):
 * measured, that was 60% of {@code serve}'s CPU. The engine, its storage and its checks are the
 * same either way; every other call goes to the embedded v2 client.
 *
 * <p>With an {@link ItemCache}, whole-item reads of its table are answered from the items the
 * engine last returned, and every write to that table drops them.
 */
final class DirectEngineClient implements DynamoDbClient {

    private final AmazonDynamoDB engine;
    private final DynamoDbClient embedded;
    private final Optional<ItemCache> cache;

    DirectEngineClient(AmazonDynamoDB engine, DynamoDbClient embedded, Optional<ItemCache> cache) {
        this.engine = engine;
        this.embedded = embedded;
        this.cache = cache;
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        Optional<ItemCache> cached = cache.filter(items -> items.table().equals(request.tableName())
                && request.projectionExpression() == null && !request.hasAttributesToGet());
        if (cached.isEmpty()) {
            return engineGetItem(request);
        }
        Map<String, AttributeValue> hit = cached.get().get(request.key());
        if (hit != null) {
            return GetItemResponse.builder().item(hit).build();
        }
        long readAt = cached.get().generation();
        GetItemResponse response = engineGetItem(request);
        if (response.hasItem()) {
            cached.get().put(readAt, request.key(), response.item());
        }
        return response;
    }

    private GetItemResponse engineGetItem(GetItemRequest request) {
        com.amazonaws.services.dynamodbv2.model.GetItemRequest call = new com.amazonaws.services.dynamodbv2.model.GetItemRequest()
                .withTableName(request.tableName())
                .withKey(toEngine(request.key()))
                .withConsistentRead(request.consistentRead())
                .withProjectionExpression(request.projectionExpression())
                .withExpressionAttributeNames(request.hasExpressionAttributeNames() ? request.expressionAttributeNames() : null);
        if (request.hasAttributesToGet()) {
            call.withAttributesToGet(request.attributesToGet());
        }
        Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> item = call(() -> engine.getItem(call)).getItem();
        GetItemResponse.Builder response = GetItemResponse.builder();
        return (item == null ? response : response.item(fromEngine(item))).build();
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        Map<String, com.amazonaws.services.dynamodbv2.model.KeysAndAttributes> tables = new LinkedHashMap<>();
        request.requestItems().forEach((table, keys) -> tables.put(table, toEngine(keys)));
        com.amazonaws.services.dynamodbv2.model.BatchGetItemResult result = call(() -> engine.batchGetItem(
                new com.amazonaws.services.dynamodbv2.model.BatchGetItemRequest().withRequestItems(tables)));
        Map<String, List<Map<String, AttributeValue>>> responses = new LinkedHashMap<>();
        result.getResponses().forEach((table, items) -> responses.put(table, items.stream().map(DirectEngineClient::fromEngine).toList()));
        Map<String, KeysAndAttributes> unprocessed = new LinkedHashMap<>();
        if (result.getUnprocessedKeys() != null) {
            result.getUnprocessedKeys().forEach((table, keys) -> unprocessed.put(table, KeysAndAttributes.builder()
                    .keys(keys.getKeys().stream().map(DirectEngineClient::fromEngine).toList())
                    .consistentRead(keys.getConsistentRead())
                    .projectionExpression(keys.getProjectionExpression())
                    .expressionAttributeNames(keys.getExpressionAttributeNames()).build()));
        }
        return BatchGetItemResponse.builder().responses(responses).unprocessedKeys(unprocessed).build();
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        return whileWriting(request.requestItems().keySet(), () -> engineBatchWriteItem(request));
    }

    private BatchWriteItemResponse engineBatchWriteItem(BatchWriteItemRequest request) {
        Map<String, List<com.amazonaws.services.dynamodbv2.model.WriteRequest>> tables = new LinkedHashMap<>();
        request.requestItems().forEach((table, writes) -> tables.put(table, writes.stream().map(DirectEngineClient::toEngine).toList()));
        com.amazonaws.services.dynamodbv2.model.BatchWriteItemResult result = call(() -> engine.batchWriteItem(
                new com.amazonaws.services.dynamodbv2.model.BatchWriteItemRequest().withRequestItems(tables)));
        Map<String, List<WriteRequest>> unprocessed = new LinkedHashMap<>();
        if (result.getUnprocessedItems() != null) {
            result.getUnprocessedItems().forEach((table, writes) -> unprocessed.put(table,
                    writes.stream().map(DirectEngineClient::fromEngine).toList()));
        }
        return BatchWriteItemResponse.builder().unprocessedItems(unprocessed).build();
    }

    // Table set-up (its waiter polls through the embedded client) and single puts: rare calls, left to the embedded v2 client.

    @Override
    public ListTablesResponse listTables(ListTablesRequest request) {
        return embedded.listTables(request);
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        return embedded.createTable(request);
    }

    @Override
    public DynamoDbWaiter waiter() {
        return embedded.waiter();
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return whileWriting(Set.of(request.tableName()), () -> embedded.putItem(request));
    }

    /** A write to the cached table drops the cache before it starts and again once it is done. */
    private <T> T whileWriting(Set<String> tables, Supplier<T> write) {
        Optional<ItemCache> cached = cache.filter(items -> tables.contains(items.table()));
        cached.ifPresent(ItemCache::invalidate);
        try {
            return write.get();
        } finally {
            cached.ifPresent(ItemCache::invalidate);
        }
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    /** The engine outlives its clients: {@link LocalDynamoDb#close()} stops it. */
    @Override
    public void close() {
    }

    /** The engine's errors as the SDK v2 exceptions DynamoDB's client would throw. */
    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (AmazonServiceException e) {
            throw AwsServiceExceptionConverter.convert(e);
        }
    }

    private static com.amazonaws.services.dynamodbv2.model.KeysAndAttributes toEngine(KeysAndAttributes keys) {
        com.amazonaws.services.dynamodbv2.model.KeysAndAttributes converted = new com.amazonaws.services.dynamodbv2.model.KeysAndAttributes()
                .withKeys(keys.keys().stream().map(DirectEngineClient::toEngine).toList())
                .withConsistentRead(keys.consistentRead())
                .withProjectionExpression(keys.projectionExpression())
                .withExpressionAttributeNames(keys.hasExpressionAttributeNames() ? keys.expressionAttributeNames() : null);
        if (keys.hasAttributesToGet()) {
            converted.withAttributesToGet(keys.attributesToGet());
        }
        return converted;
    }

    private static com.amazonaws.services.dynamodbv2.model.WriteRequest toEngine(WriteRequest write) {
        com.amazonaws.services.dynamodbv2.model.WriteRequest converted = new com.amazonaws.services.dynamodbv2.model.WriteRequest();
        if (write.putRequest() != null) {
            converted.withPutRequest(new com.amazonaws.services.dynamodbv2.model.PutRequest(toEngine(write.putRequest().item())));
        }
        if (write.deleteRequest() != null) {
            converted.withDeleteRequest(new com.amazonaws.services.dynamodbv2.model.DeleteRequest(toEngine(write.deleteRequest().key())));
        }
        return converted;
    }

    private static WriteRequest fromEngine(com.amazonaws.services.dynamodbv2.model.WriteRequest write) {
        WriteRequest.Builder converted = WriteRequest.builder();
        if (write.getPutRequest() != null) {
            converted.putRequest(PutRequest.builder().item(fromEngine(write.getPutRequest().getItem())).build());
        }
        if (write.getDeleteRequest() != null) {
            converted.deleteRequest(DeleteRequest.builder().key(fromEngine(write.getDeleteRequest().getKey())).build());
        }
        return converted.build();
    }

    static Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> toEngine(Map<String, AttributeValue> item) {
        Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> converted = new LinkedHashMap<>();
        item.forEach((name, value) -> converted.put(name, toEngine(value)));
        return converted;
    }

    static Map<String, AttributeValue> fromEngine(Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> item) {
        Map<String, AttributeValue> converted = new LinkedHashMap<>();
        item.forEach((name, value) -> converted.put(name, fromEngine(value)));
        return converted;
    }

    private static com.amazonaws.services.dynamodbv2.model.AttributeValue toEngine(AttributeValue value) {
        com.amazonaws.services.dynamodbv2.model.AttributeValue converted = new com.amazonaws.services.dynamodbv2.model.AttributeValue();
        return switch (value.type()) {
            case S -> converted.withS(value.s());
            case N -> converted.withN(value.n());
            case B -> converted.withB(ByteBuffer.wrap(value.b().asByteArrayUnsafe()));
            case SS -> converted.withSS(value.ss());
            case NS -> converted.withNS(value.ns());
            case BS -> converted.withBS(value.bs().stream().map(b -> ByteBuffer.wrap(b.asByteArrayUnsafe())).toList());
            case M -> converted.withM(toEngine(value.m()));
            case L -> converted.withL(value.l().stream().map(DirectEngineClient::toEngine).toList());
            case BOOL -> converted.withBOOL(value.bool());
            case NUL -> converted.withNULL(value.nul());
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalArgumentException("an attribute value of no DynamoDB type: " + value);
        };
    }

    private static AttributeValue fromEngine(com.amazonaws.services.dynamodbv2.model.AttributeValue value) {
        if (value.getS() != null) {
            return AttributeValue.fromS(value.getS());
        }
        if (value.getN() != null) {
            return AttributeValue.fromN(value.getN());
        }
        if (value.getB() != null) {
            return AttributeValue.fromB(SdkBytes.fromByteBuffer(value.getB()));
        }
        if (value.getSS() != null) {
            return AttributeValue.fromSs(value.getSS());
        }
        if (value.getNS() != null) {
            return AttributeValue.fromNs(value.getNS());
        }
        if (value.getBS() != null) {
            return AttributeValue.fromBs(value.getBS().stream().map(SdkBytes::fromByteBuffer).toList());
        }
        if (value.getM() != null) {
            return AttributeValue.fromM(fromEngine(value.getM()));
        }
        if (value.getL() != null) {
            List<AttributeValue> list = new ArrayList<>();
            value.getL().forEach(element -> list.add(fromEngine(element)));
            return AttributeValue.fromL(list);
        }
        if (value.getBOOL() != null) {
            return AttributeValue.fromBool(value.getBOOL());
        }
        if (Boolean.TRUE.equals(value.getNULL())) {
            return AttributeValue.fromNul(true);
        }
        throw new IllegalStateException("DynamoDB Local returned an attribute value of no type: " + value);
    }
}
