package dev.replenish.featurestore;

import java.io.Serializable;

/**
 * How hard the loader pushes DynamoDB.
 *
 * @param callsInFlight      BatchWriteItem calls running at once per writer
 * @param maxAttempts        attempts per batch before the load fails (throttling and unprocessed items)
 * @param baseBackoffMillis  first back-off; it doubles per attempt, with full jitter
 * @param maxBackoffMillis   cap of one back-off
 */
public record BatchWriteSettings(int callsInFlight, int maxAttempts, long baseBackoffMillis, long maxBackoffMillis)
        implements Serializable {

    /** BatchWriteItem takes at most 25 items. */
    public static final int ITEMS_PER_CALL = 25;

    public BatchWriteSettings {
        if (callsInFlight < 1 || maxAttempts < 1 || baseBackoffMillis < 0 || maxBackoffMillis < baseBackoffMillis) {
            throw new IllegalArgumentException("invalid batch write settings: " + callsInFlight + " in flight, "
                    + maxAttempts + " attempts, back-off " + baseBackoffMillis + ".." + maxBackoffMillis + " ms");
        }
    }

    public static BatchWriteSettings defaults() {
        return new BatchWriteSettings(4, 12, 50, 5_000);
    }
}
