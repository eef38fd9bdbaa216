package dev.replenish.local.demo;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.local.UserError;
import dev.replenish.local.generate.GeneratedRawData;
import dev.replenish.local.pipeline.LatestRun;
import dev.replenish.local.pipeline.LocalPipeline;
import dev.replenish.local.pipeline.RunSummary;
import dev.replenish.local.pipeline.StepContext;
import dev.replenish.local.serving.ServeCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The first command a new user runs: generated data, every pipeline step, then the page. Each
 * demo is a new run over the same work directory; the generated files are reused when the users
 * and seed are unchanged (the generator is deterministic, so regenerating would give the same bytes).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate data, run every pipeline step, then serve the page and the API.",
                "Run again on the same --work: the raw data is reused when --users and --seed are unchanged."})
public final class DemoCommand implements Callable<Integer> {

    /** About a minute of pipeline on 2 cores, JVM and Spark start-up included (docs/benchmarks.md). */
    static final int DEFAULT_USERS = 2000;

    @Option(names = "--users", defaultValue = "" + DEFAULT_USERS, description = "Users to generate (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--seed", defaultValue = "1", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work", defaultValue = "demo-work", description = "Work directory: raw/ and the local lake (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--port", defaultValue = "8080", description = "Port on 127.0.0.1 to serve on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--no-serve", description = "Exit after the pipeline's summary instead of serving.")
    boolean noServe;

    @Override
    public Integer call() throws Exception {
        if (users < 1) {
            throw new UserError("--users must be at least 1, was " + users);
        }
        if (Files.exists(work) && !Files.isDirectory(work)) {
            throw new UserError("--work " + work + " is a file, not a directory");
        }
        // raw/ is where the single-step verbs (train, evaluate, ...) look for the raw zone too.
        Path raw = new GeneratedRawData(users, seed).ensureIn(work.resolve("raw"), System.out);
        String runId = LatestRun.newId();
        LatestRun.record(work, runId);
        ReplenishConfig config = ReplenishConfig.defaults();
        StepContext context = new StepContext(raw, work, runId, config, System.out);
        RunSummary summary = LocalPipeline.standard().runAndSummarise(context, null, null);
        if (noServe) {
            return 0;
        }
        try (ServeCommand.RunningService service = ServeCommand.RunningService.start(work, port, 16, config.featureStore())) {
            System.out.println();
            System.out.println("Replenish is serving run " + summary.runId() + " (model " + service.modelRun() + ")");
            System.out.println("Open " + service.url() + "   (Ctrl-C to stop)");
            System.out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }
}
