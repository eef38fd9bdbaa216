package dev.replenish.featurestore;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes items with BatchWriteItem, 25 per call and several calls in flight. Unprocessed items and
 * throttling are retried with exponential back-off and full jitter; a batch that still fails after
 * {@link BatchWriteSettings#maxAttempts()} fails the load, naming how far it got. Puts overwrite
 * whole items, so a re-run leaves exactly the same items (idempotent).
 */
public final class BatchWriter {

    /** Sleeps between attempts; tests replace it so they need not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final DynamoDbClient client;
    private final String tableName;
    private final BatchWriteSettings settings;
    private final Sleeper sleeper;

    public BatchWriter(DynamoDbClient client, String tableName, BatchWriteSettings settings, Sleeper sleeper) {
        this.client = client;
        this.tableName = tableName;
        this.settings = settings;
        this.sleeper = sleeper;
    }

    public BatchWriter(DynamoDbClient client, String tableName, BatchWriteSettings settings) {
        this(client, tableName, settings, Thread::sleep);
    }

    public LoadCounts write(Iterator<Map<String, AttributeValue>> items) {
        AtomicLong written = new AtomicLong();
        AtomicLong retried = new AtomicLong();
        long read = 0;
        long bytes = 0;
        ExecutorService calls = Executors.newFixedThreadPool(settings.callsInFlight());
        Semaphore inFlight = new Semaphore(settings.callsInFlight() * 2);
        List<Future<?>> pending = new ArrayList<>();
        try {
            List<WriteRequest> batch = new ArrayList<>(BatchWriteSettings.ITEMS_PER_CALL);
            while (items.hasNext()) {
                Map<String, AttributeValue> item = items.next();
                read++;
                bytes += FeatureStoreItems.itemBytes(item);
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                if (batch.size() == BatchWriteSettings.ITEMS_PER_CALL || !items.hasNext()) {
                    List<WriteRequest> toSend = batch;
                    batch = new ArrayList<>(BatchWriteSettings.ITEMS_PER_CALL);
                    inFlight.acquire();
                    pending.add(calls.submit(() -> {
                        try {
                            sendWithRetries(toSend, written, retried);
                        } finally {
                            inFlight.release();
                        }
                        return null;
                    }));
                    pending.removeIf(Future::isDone);
                    failFastOnError(pending);
                }
            }
            for (Future<?> call : pending) {
                call.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("feature store load interrupted after " + written.get() + " of " + read + " items", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("feature store load into " + tableName + " failed after " + written.get()
                    + " of " + read + " items: " + e.getCause().getMessage(), e.getCause());
        } finally {
            calls.shutdownNow();
        }
        return new LoadCounts(read, written.get(), retried.get(), bytes);
    }

    private static void failFastOnError(List<Future<?>> pending) throws ExecutionException, InterruptedException {
        for (Future<?> call : pending) {
            if (call.isDone()) {
                call.get();
            }
        }
    }

    private void sendWithRetries(List<WriteRequest> requests, AtomicLong written, AtomicLong retried) throws InterruptedException {
        List<WriteRequest> remaining = requests;
        for (int attempt = 1; ; attempt++) {
            List<WriteRequest> unprocessed;
            try {
                BatchWriteItemResponse response = client.batchWriteItem(BatchWriteItemRequest.builder()
                        .requestItems(Map.of(tableName, remaining)).build());
                unprocessed = response.hasUnprocessedItems() && response.unprocessedItems().containsKey(tableName)
                        ? response.unprocessedItems().get(tableName) : List.of();
            } catch (AwsServiceException e) {
                if (!e.isThrottlingException()) {
                    throw e;
                }
                unprocessed = remaining;
            }
            written.addAndGet(remaining.size() - unprocessed.size());
            if (unprocessed.isEmpty()) {
                return;
            }
            if (attempt == settings.maxAttempts()) {
                throw new IllegalStateException(unprocessed.size() + " items still unprocessed after "
                        + attempt + " attempts (table " + tableName + " is throttling)");
            }
            retried.addAndGet(unprocessed.size());
            remaining = unprocessed;
            sleeper.sleep(backoffMillis(attempt));
        }
    }

    /** Full jitter: a random wait up to the capped exponential back-off. */
    long backoffMillis(int attempt) {
        long ceiling = Math.min(settings.maxBackoffMillis(), settings.baseBackoffMillis() << Math.min(attempt - 1, 20));
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }
}
