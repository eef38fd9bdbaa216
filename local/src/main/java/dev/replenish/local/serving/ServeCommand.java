package dev.replenish.local.serving;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.featurestore.DynamoFeatureStoreReader;
import dev.replenish.lambdas.serving.ApiHandler;
import dev.replenish.lambdas.serving.PredictionService;
import dev.replenish.local.UserError;
import dev.replenish.local.featurestore.LocalDynamoDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the web page and the prediction API on a loopback port, from a pipeline run's work directory.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--work", required = true, description = "Work directory of a pipeline run (the local lake).")
    Path work;

    @Option(names = "--port", defaultValue = "8080", description = "Port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--threads", defaultValue = "16", description = "Request threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--config", description = "JSON file overriding configuration defaults (featureStore.serveCacheMegabytes).")
    Path config;

    @Override
    public Integer call() throws Exception {
        ReplenishConfig settings;
        try {
            settings = config == null ? ReplenishConfig.defaults() : ReplenishConfig.load(config);
        } catch (ReplenishConfig.ConfigException e) {
            throw new UserError(e.getMessage());
        }
        try (RunningService service = RunningService.start(work, port, threads, settings.featureStore())) {
            System.out.println("Replenish is serving " + work + " with model " + service.modelRun());
            System.out.println("Open " + service.url() + "   (Ctrl-C to stop)");
            System.out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }

    /** The server with everything it holds open; `demo` starts the same thing. */
    public static final class RunningService implements AutoCloseable {
        private final LocalDynamoDb dynamo;
        private final DynamoDbClient client;
        private final LocalApiServer server;
        private final String modelRun;

        private RunningService(LocalDynamoDb dynamo, DynamoDbClient client, LocalApiServer server, String modelRun) {
            this.dynamo = dynamo;
            this.client = client;
            this.server = server;
            this.modelRun = modelRun;
        }

        public static RunningService start(Path work, int port, int threads, ReplenishConfig.FeatureStore store) throws IOException {
            if (!Files.isDirectory(work.resolve("dynamodb"))) {
                throw new UserError(work + " has no feature store (dynamodb/): run the pipeline through load-features first");
            }
            LocalXgboostScorer scorer = LocalXgboostScorer.active(work);
            LocalDynamoDb dynamo = LocalDynamoDb.startServing(work, userItemCacheBytes(store, Runtime.getRuntime().maxMemory()));
            DynamoDbClient client = dynamo.target().newClient();
            try {
                PredictionService predictions = new PredictionService(new DynamoFeatureStoreReader(client, dynamo.target()), scorer);
                // The page is served from this same origin; CORS names it as CloudFront's would be named.
                int chosen = port == 0 ? freePort() : port;
                ApiHandler handler = new ApiHandler(predictions, "http://127.0.0.1:" + chosen);
                LocalApiServer server = LocalApiServer.start(chosen, handler, threads);
                return new RunningService(dynamo, client, server, scorer.version().runId());
            } catch (BindException e) {
                client.close();
                dynamo.close();
                throw new UserError("port " + port + " on 127.0.0.1 is in use; choose another with --port (0 picks a free one)");
            } catch (RuntimeException | IOException e) {
                client.close();
                dynamo.close();
                throw e;
            }
        }

        /** The configured budget, held to a quarter of the heap so a large cache cannot starve the requests. */
        static long userItemCacheBytes(ReplenishConfig.FeatureStore store, long maxHeapBytes) {
            return Math.min(store.serveCacheMegabytes() * 1024L * 1024L, maxHeapBytes / 4);
        }

        private static int freePort() throws IOException {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }

        public java.net.URI url() {
            return server.url();
        }

        public String modelRun() {
            return modelRun;
        }

        @Override
        public void close() {
            server.close();
            client.close();
            dynamo.close();
        }
    }
}
