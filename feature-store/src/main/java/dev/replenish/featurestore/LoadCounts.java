package dev.replenish.featurestore;

/**
 * What a load did.
 *
 * @param read    items handed to the writer
 * @param written items DynamoDB accepted; a successful load has written = read
 * @param retried item writes that were sent again (unprocessed or throttled)
 * @param bytes   item bytes written
 */
public record LoadCounts(long read, long written, long retried, long bytes) {

    public LoadCounts plus(LoadCounts other) {
        return new LoadCounts(read + other.read, written + other.written, retried + other.retried, bytes + other.bytes);
    }

    public static LoadCounts none() {
        return new LoadCounts(0, 0, 0, 0);
    }
}
