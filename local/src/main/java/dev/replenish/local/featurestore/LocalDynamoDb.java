package dev.replenish.local.featurestore;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.replenish.featurestore.DynamoTarget;
import dev.replenish.featurestore.EmbeddedDynamo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * DynamoDB Local, the real engine, embedded in this JVM: the SDK v2 client it hands out calls the
 * engine directly, so nothing listens on any port (a DynamoDB Local server would listen on every
 * interface and accept any credentials) and no request is signed, sent as JSON or parsed back.
 * Measured against the same engine as a server on loopback, it loads and reads several times
 * faster (docs/benchmarks.md, "Feature store engine"). Its data lives in one SQLite file under the
 * work directory ({@code dynamodb/}), so {@code serve} finds what {@code load-features} wrote.
 */
public final class LocalDynamoDb implements AutoCloseable {

    /** Table names in the local store; in AWS the CDK app names them. */
    public static final String FEATURE_TABLE = "replenish-user-features";
    public static final String PRODUCT_TABLE = "replenish-products";

    /** The file DynamoDB Local keeps every table in (the name its server gives it with -sharedDb). */
    public static final String DATABASE_FILE = "shared-local-instance.db";

    private final AmazonDynamoDBLocal engine;
    private final EmbeddedDynamo clients;
    private final DynamoTarget target;
    private final Optional<ItemCache> userItems;

    private LocalDynamoDb(AmazonDynamoDBLocal engine, EmbeddedDynamo clients, Optional<ItemCache> userItems) {
        this.engine = engine;
        this.clients = clients;
        this.target = new DynamoTarget(FEATURE_TABLE, PRODUCT_TABLE, clients);
        this.userItems = userItems;
    }

    /** Where a work directory's feature store lives. */
    public static Path dataDir(Path workDir) {
        return workDir.resolve("dynamodb");
    }

    /** Starts on the store of a work directory. */
    public static LocalDynamoDb start(Path workDir) {
        return startOn(dataDir(workDir), Optional.empty());
    }

    /**
     * Starts on the store of a work directory, keeping up to {@code userItemCacheBytes} of user
     * items the engine has read ({@link ItemCache}): what {@code serve} reads with.
     */
    public static LocalDynamoDb startServing(Path workDir, long userItemCacheBytes) {
        return startOn(dataDir(workDir), Optional.of(userItemCacheBytes).filter(budget -> budget > 0)
                .map(budget -> new ItemCache(FEATURE_TABLE, budget)));
    }

    /** Starts with its database file in {@code data}. */
    public static LocalDynamoDb startOn(Path data) {
        return startOn(data, Optional.empty());
    }

    /**
     * Starts on a database that one bulk load builds and then hands over whole (copied and renamed
     * into place): if the process dies, the half-built file is thrown away, never read. SQLite's
     * per-transaction safety therefore buys nothing here and costs most of the engine's time, since
     * DynamoDB Local commits every item on its own: a rollback journal file created, written,
     * synced and deleted per item, about 130 system calls each. This engine keeps its journal in
     * memory, does not sync, and writes everything in one transaction: the load's items are in the
     * file only once {@link #commitBulkLoad()} is called, and closing the engine before that leaves
     * none of them.
     */
    public static LocalDynamoDb startForBulkLoad(Path data) {
        LocalDynamoDb dynamo = startOn(data, Optional.empty());
        try {
            String mode = dynamo.database().relaxDurability();
            if (!mode.equalsIgnoreCase("memory")) {
                throw new IllegalStateException("SQLite kept journal mode " + mode);
            }
            dynamo.database().beginBulkTransaction();
            return dynamo;
        } catch (RuntimeException e) {
            dynamo.close();
            throw new IllegalStateException("could not prepare DynamoDB Local in " + data + " for a bulk load: " + e.getMessage(), e);
        }
    }

    private static LocalDynamoDb startOn(Path data, Optional<ItemCache> userItems) {
        Path database = data.resolve(DATABASE_FILE).toAbsolutePath();
        try {
            Files.createDirectories(data);
            AmazonDynamoDBLocal engine = DynamoDBEmbedded.create(database.toFile());
            try {
                return new LocalDynamoDb(engine, EmbeddedDynamo.register(database.toString(),
                        new DirectEngineClient(engine.amazonDynamoDB(), engine.dynamoDbClient(), userItems)), userItems);
            } catch (RuntimeException e) {
                engine.shutdown();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not start DynamoDB Local on " + database + ": " + e.getMessage(), e);
        }
    }

    /** Commits what a bulk load ({@link #startForBulkLoad(Path)}) wrote: call after its last write, before closing. */
    public void commitBulkLoad() {
        database().commitBulkTransaction();
    }

    /** The engine's SQLite database. */
    EngineDatabase database() {
        return EngineDatabase.of(engine);
    }

    /** Where to write and read: the two tables in this engine. */
    public DynamoTarget target() {
        return target;
    }

    /** What the user item cache did, when this engine was started with one. */
    public Optional<ItemCache.Stats> userItemCache() {
        return userItems.map(ItemCache::stats);
    }

    @Override
    public void close() {
        clients.unregister();
        engine.shutdown();
    }
}
