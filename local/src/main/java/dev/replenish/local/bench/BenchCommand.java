package dev.replenish.local.bench;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.local.generate.GeneratedRawData;
import dev.replenish.local.lake.LocalLake;
import dev.replenish.local.pipeline.LatestRun;
import dev.replenish.local.pipeline.LocalPipeline;
import dev.replenish.local.pipeline.RunSummary;
import dev.replenish.local.pipeline.StepContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the whole pipeline at one scale: seconds, peak memory and rows per step, and the model's",
                "metrics, written into the benchmark section of docs/benchmarks.md (other sections are kept)."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--scale", required = true, description = "small (10,000 users), medium (50,000) or full (206,209).",
            converter = ScaleConverter.class)
    BenchScale scale;

    @Option(names = "--seed", defaultValue = "1", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work", defaultValue = "bench-work",
            description = "Where generated data is cached (data/<scale>-seed<S>/) and each scale's lake is made afresh (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--doc", defaultValue = "docs/benchmarks.md", description = "Markdown file to update (default: ${DEFAULT-VALUE}).")
    Path doc;

    static final class ScaleConverter implements picocli.CommandLine.ITypeConverter<BenchScale> {
        @Override
        public BenchScale convert(String value) {
            for (BenchScale scale : BenchScale.values()) {
                if (scale.id().equals(value)) {
                    return scale;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a scale: small, medium or full");
        }
    }

    @Override
    public Integer call() throws Exception {
        long generating = System.nanoTime();
        Path raw = new GeneratedRawData(scale.users(), seed).ensureIn(work.resolve("data").resolve(scale.id() + "-seed" + seed), System.out);
        double generationSeconds = (System.nanoTime() - generating) / 1e9;
        // A fresh lake each time: a benchmark must not reuse an earlier run's tables or feature store.
        Path lake = work.resolve(scale.id());
        LocalLake.deleteRecursively(lake);
        Files.createDirectories(lake);
        String runId = "bench-" + scale.id();
        LatestRun.record(lake, runId);
        MachineDescription machine = MachineDescription.ofThisMachine();
        String loadBefore = MachineDescription.loadAverage();
        StepContext context = new StepContext(raw, lake, runId, ReplenishConfig.defaults(), System.out);
        RunSummary summary = LocalPipeline.standard().runAndSummarise(context, null, null);
        double processSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        String block = BenchmarkReport.block(scale, command(), machine, loadBefore, MachineDescription.loadAverage(),
                summary, processSeconds, generationSeconds, LocalDate.now().toString());
        String document = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n";
        Files.writeString(doc, BenchmarkReport.replaceBlock(document, scale, block));
        System.out.println("benchmark written to " + doc.toAbsolutePath() + " (" + BenchmarkReport.start(scale) + ")");
        return 0;
    }

    private String command() {
        String options = System.getenv("REPLENISH_JAVA_OPTS");
        return (options == null || options.isBlank() ? "" : "REPLENISH_JAVA_OPTS='" + options + "' ")
                + "./replenish bench --scale " + scale.id() + (seed == 1 ? "" : " --seed " + seed);
    }
}
