package dev.replenish.local.featurestore;

import dev.replenish.featurestore.FeatureStoreItems;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Items of one table as the engine last decoded them, least recently read dropped first once their
 * bytes pass a budget. Reading a user's item from DynamoDB Local means parsing the JSON it stores
 * (the packed features as base64) on the engine's one SQLite thread: measured, most of {@code serve}'s
 * CPU and the queue every request waited in. What the engine hands out is kept as is, so the
 * reader above decodes a cached item exactly as it decodes a fresh one.
 *
 * <p>Any write to the table (a load into this engine) drops every item, and an item read while a
 * write was under way is not kept: the cache never answers with an item the engine no longer
 * holds. A new run reaches {@code serve} through a new engine (it is started on the store that
 * {@code load-features} swapped in), and so through a new, empty cache.
 */
public final class ItemCache {

    /** What the cache did since it was made. */
    public record Stats(long hits, long misses, long evictions, int items, long bytes) {
    }

    private final String table;
    private final long budgetBytes;
    private final LinkedHashMap<Map<String, AttributeValue>, Entry> items = new LinkedHashMap<>(1024, 0.75f, true);
    private long bytes;
    /** Counts writes begun and ended; an item read under another count than the current one is stale. */
    private long generation;
    private long hits;
    private long misses;
    private long evictions;

    private record Entry(Map<String, AttributeValue> item, long bytes) {
    }

    ItemCache(String table, long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("an item cache needs a positive budget, got " + budgetBytes + " bytes");
        }
        this.table = table;
        this.budgetBytes = budgetBytes;
    }

    String table() {
        return table;
    }

    /** The item under this key, or null when it is not cached (counted as a miss). */
    synchronized Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        Entry entry = items.get(key);
        if (entry == null) {
            misses++;
            return null;
        }
        hits++;
        return entry.item();
    }

    /** Read before asking the engine; hand it back to {@link #put}. */
    synchronized long generation() {
        return generation;
    }

    /**
     * Keeps an item the engine returned, unless a write began since {@code readAt} (the item may
     * predate it) or the item alone is over the budget.
     */
    synchronized void put(long readAt, Map<String, AttributeValue> key, Map<String, AttributeValue> item) {
        long size = FeatureStoreItems.itemBytes(item);
        if (readAt != generation || size > budgetBytes) {
            return;
        }
        Entry previous = items.put(Map.copyOf(key), new Entry(Map.copyOf(item), size));
        bytes += size - (previous == null ? 0 : previous.bytes());
        for (Iterator<Entry> eldest = items.values().iterator(); bytes > budgetBytes && eldest.hasNext(); ) {
            bytes -= eldest.next().bytes();
            eldest.remove();
            evictions++;
        }
    }

    /** Called before and after every write to the table: drops every item and fences reads in flight. */
    synchronized void invalidate() {
        generation++;
        items.clear();
        bytes = 0;
    }

    synchronized Stats stats() {
        return new Stats(hits, misses, evictions, items.size(), bytes);
    }
}
