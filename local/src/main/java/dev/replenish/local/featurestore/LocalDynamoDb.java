package dev.replenish.local.featurestore;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.replenish.featurestore.DynamoTarget;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DynamoDB Local, the real engine, started inside this JVM on a free port and reached over
 * loopback. Its data lives in one SQLite file under the work directory ({@code dynamodb/}), so
 * {@code serve} finds what {@code load-features} wrote.
 */
public final class LocalDynamoDb implements AutoCloseable {

    /** Table names in the local store; in AWS the CDK app names them. */
    public static final String FEATURE_TABLE = "replenish-user-features";
    public static final String PRODUCT_TABLE = "replenish-products";
    /** Any region: DynamoDB Local ignores it, the SDK requires one. */
    private static final String REGION = "us-east-1";

    private final DynamoDBProxyServer server;
    private final DynamoTarget target;

    private LocalDynamoDb(DynamoDBProxyServer server, DynamoTarget target) {
        this.server = server;
        this.target = target;
    }

    /** The file DynamoDB Local keeps every table in (with -sharedDb). */
    public static final String DATABASE_FILE = "shared-local-instance.db";

    /** Where a work directory's feature store lives. */
    public static Path dataDir(Path workDir) {
        return workDir.resolve("dynamodb");
    }

    /** Starts on the store of a work directory. */
    public static LocalDynamoDb start(Path workDir) {
        return startOn(dataDir(workDir));
    }

    /** Starts with its database file in {@code data}. */
    public static LocalDynamoDb startOn(Path data) {
        try {
            Files.createDirectories(data);
            int port = freeLoopbackPort();
            DynamoDBProxyServer server;
            // DynamoDB Local prints its settings banner on standard output; ours stays readable.
            PrintStream console = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                server = ServerRunner.createServerFromCommandLineArgs(new String[]{
                        "-port", Integer.toString(port), "-dbPath", data.toAbsolutePath().toString(), "-sharedDb",
                        // No telemetry leaves the machine.
                        "-disableTelemetry"});
                server.start();
            } finally {
                System.setOut(console);
            }
            return new LocalDynamoDb(server, new DynamoTarget(FEATURE_TABLE, PRODUCT_TABLE, REGION, "http://127.0.0.1:" + port));
        } catch (Exception e) {
            throw new IllegalStateException("could not start DynamoDB Local with data in " + data + ": " + e.getMessage(), e);
        }
    }

    /** Where to write and read: the two tables on this server. */
    public DynamoTarget target() {
        return target;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping DynamoDB Local", e);
        }
    }
}
