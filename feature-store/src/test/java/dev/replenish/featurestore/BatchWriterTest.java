package dev.replenish.featurestore;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retries against the real engine: a decorator of the DynamoDB Local client holds back part of
 * each batch (as DynamoDB does under load) or throttles, and the real engine stores the rest.
 */
class BatchWriterTest {

    private final DynamoTarget target = new DynamoTarget("bw_" + UUID.randomUUID().toString().substring(0, 8),
            "bwp_" + UUID.randomUUID().toString().substring(0, 8), SharedDynamoDb.clients());

    private static Iterator<Map<String, AttributeValue>> products(int n) {
        return IntStream.rangeClosed(1, n)
                .mapToObj(i -> FeatureStoreItems.productItem(i, "product " + i, "aisle", "department")).iterator();
    }

    /** Answers each call by writing only the first half of the batch and returning the rest unprocessed. */
    private static DynamoDbClient holdingBackHalf(DynamoDbClient real, AtomicInteger calls) {
        return new DynamoDbClient() {
            @Override
            public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
                calls.incrementAndGet();
                Map.Entry<String, List<WriteRequest>> table = request.requestItems().entrySet().iterator().next();
                List<WriteRequest> all = table.getValue();
                int keep = Math.max(1, all.size() / 2);
                real.batchWriteItem(b -> b.requestItems(Map.of(table.getKey(), all.subList(0, keep))));
                List<WriteRequest> heldBack = new ArrayList<>(all.subList(keep, all.size()));
                return BatchWriteItemResponse.builder().unprocessedItems(heldBack.isEmpty() ? Map.of() : Map.of(table.getKey(), heldBack)).build();
            }

            @Override
            public String serviceName() {
                return "dynamodb";
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void unprocessedItemsAreRetriedUntilEveryItemIsStored() {
        try (DynamoDbClient real = target.newClient()) {
            target.createTablesIfMissing(real);
            AtomicInteger calls = new AtomicInteger();
            List<Long> sleeps = new ArrayList<>();
            BatchWriter writer = new BatchWriter(holdingBackHalf(real, calls), target.productTable(),
                    new BatchWriteSettings(3, 10, 10, 100), millis -> {
                        synchronized (sleeps) {
                            sleeps.add(millis);
                        }
                    });
            // GIVEN 100 items, and a table that takes only half of every batch
            // WHEN written
            LoadCounts counts = writer.write(products(100));
            // THEN all 100 are stored in the real engine, and the re-sent ones are counted
            assertEquals(100, counts.read());
            assertEquals(100, counts.written());
            assertTrue(counts.retried() >= 50, "retried " + counts.retried());
            assertEquals(100, real.scanPaginator(b -> b.tableName(target.productTable())).items().stream().count());
            // AND it backed off between attempts, never beyond the cap
            assertTrue(!sleeps.isEmpty() && sleeps.stream().allMatch(ms -> ms >= 0 && ms <= 100), sleeps.toString());
        }
    }

    @Test
    void throttlingIsRetriedAndAPersistentlyThrottlingTableFailsTheLoadSayingHowFarItGot() {
        try (DynamoDbClient real = target.newClient()) {
            target.createTablesIfMissing(real);
            // GIVEN a table that throttles every call
            DynamoDbClient throttling = new DynamoDbClient() {
                @Override
                public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
                    throw ProvisionedThroughputExceededException.builder().statusCode(400)
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                            .message("throttled").build();
                }

                @Override
                public String serviceName() {
                    return "dynamodb";
                }

                @Override
                public void close() {
                }
            };
            AtomicInteger sleeps = new AtomicInteger();
            BatchWriter writer = new BatchWriter(throttling, target.productTable(), new BatchWriteSettings(1, 4, 1, 8),
                    millis -> sleeps.incrementAndGet());
            // WHEN 25 items (one batch) are written
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> writer.write(products(25)));
            // THEN it tried 4 times (3 back-offs) and the message says how much was written and why
            assertEquals(3, sleeps.get());
            assertTrue(error.getMessage().contains("failed after 0 of"), error.getMessage());
            assertTrue(error.getMessage().contains("still unprocessed after 4 attempts"), error.getMessage());
        }
    }
}
