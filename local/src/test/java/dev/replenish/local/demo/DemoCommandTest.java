package dev.replenish.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.evaluation.Baseline;
import dev.replenish.core.evaluation.EvaluationMetrics;
import dev.replenish.core.evaluation.MetricsJson;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.local.Replenish;
import dev.replenish.local.lake.LocalLake;
import dev.replenish.local.pipeline.LatestRun;
import dev.replenish.local.pipeline.RunSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo end to end at a tiny scale (one pipeline run shared by the tests; Spark is started once
 * per JVM), and a failure midway resumed with --from.
 */
class DemoCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path folder;

    static Path work;
    static String runId;
    static int demoExit;

    @BeforeAll
    static void runTheDemoWithoutServing() {
        work = folder.resolve("demo");
        demoExit = Replenish.newCommandLine().execute("demo", "--no-serve", "--users", "500", "--seed", "3",
                "--work", work.toString());
        runId = LatestRun.read(work).orElse("none");
    }

    @Test
    void theDemoRunsEveryStepInTheStateMachinesOrderAndExitsZero() throws IOException {
        // GIVEN demo --no-serve on 500 generated users (run once for the class)
        // THEN it exited 0 and its run summary lists every step, in the step list's order
        assertEquals(0, demoExit);
        JsonNode summary = JSON.readTree(RunSummary.file(work, runId).toFile());
        List<String> steps = new ArrayList<>();
        summary.get("steps").forEach(step -> steps.add(step.get("step").asText()));
        assertEquals(Arrays.stream(PipelineStep.values()).map(PipelineStep::id).toList(), steps);
        // AND the report it points to exists
        assertTrue(Files.isRegularFile(Path.of(summary.get("report").asText())), summary.toString());
    }

    @Test
    void theModelOfTheDemoBeatsRepeatingTheLastOrder() throws IOException {
        // GIVEN the demo's run WHEN its metrics.json is read
        Path file = work.resolve("reports").resolve(runId).resolve(MetricsJson.FILE_NAME);
        EvaluationMetrics metrics = MetricsJson.read(Files.readString(file), file.toString());
        // THEN the model's mean F1 is above repeat-last-order's
        double repeat = metrics.baselines().get(Baseline.REPEAT_LAST_ORDER).meanF1();
        assertTrue(metrics.model().meanF1() > repeat, "model " + metrics.model().meanF1() + " vs repeat_last_order " + repeat);
    }

    @Test
    void theSummarysCountsAreTheRowsInTheOutputs() throws Exception {
        // GIVEN the run summary's named counts
        JsonNode steps = JSON.readTree(RunSummary.file(work, runId).toFile()).get("steps");
        // THEN curate's count for curated/orders is the rows of the curated Parquet
        assertEquals(parquetRows(work.resolve("curated/orders")), count(steps, "curate", "OUT", "curated/orders"));
        // AND the join's train count is the lines of its CSV parts (no header)
        assertEquals(csvLines(work.resolve("training").resolve(runId).resolve("train")),
                count(steps, "join", "OUT", "training/train"));
        // AND every step's rows out total is the sum of its named outputs
        for (JsonNode step : steps) {
            long out = 0;
            boolean any = false;
            for (JsonNode c : step.get("counts")) {
                if (c.get("kind").asText().equals("OUT")) {
                    out += c.get("rows").asLong();
                    any = true;
                }
            }
            assertEquals(any ? out : -1, step.get("rowsOut").asLong(), step.toString());
        }
    }

    @Test
    void aStepThatFailsStopsTheRunNamingItAndFromResumesTheSameRunOnceFixed() throws Exception {
        // GIVEN a copy of the demo's work directory whose training input has gone missing
        Path copy = folder.resolve("failing");
        copyTree(work, copy);
        Path trainInput = copy.resolve("training").resolve(runId).resolve("train");
        Path aside = folder.resolve("train-aside");
        Files.move(trainInput, aside);
        LocalLake.deleteRecursively(copy.resolve("models").resolve(runId));

        // WHEN the pipeline is resumed from train (no --run-id: the latest run)
        StringWriter err = new StringWriter();
        CommandLine failing = Replenish.newCommandLine();
        failing.setErr(new PrintWriter(err, true));
        int exit = failing.execute("pipeline", "--raw", copy.resolve("raw").toString(), "--work", copy.toString(),
                "--from", "train");

        // THEN it stops non-zero with one line naming the step and the cause, and no stack trace
        assertNotEquals(0, exit);
        String message = err.toString().strip();
        assertTrue(message.startsWith("replenish pipeline: step 'train' failed: no train input at "), message);
        assertEquals(1, message.lines().count(), message);
        // AND the steps after it did not run: the run has no model
        assertTrue(Files.notExists(copy.resolve("models").resolve(runId).resolve("manifest.json")));

        // WHEN the cause is fixed and the same command runs again
        Files.move(aside, trainInput);
        // (up to deploy: the feature store's refresh is not what this test is about, and it is slow)
        int again = Replenish.newCommandLine().execute("pipeline", "--raw", copy.resolve("raw").toString(),
                "--work", copy.toString(), "--from", "train", "--to", "deploy");

        // THEN it completes on the same run, whose summary still lists every step (earlier rows kept)
        assertEquals(0, again);
        assertEquals(runId, LatestRun.read(copy).orElseThrow());
        JsonNode summary = JSON.readTree(RunSummary.file(copy, runId).toFile());
        assertEquals(PipelineStep.values().length, summary.get("steps").size());
        assertTrue(Files.isRegularFile(copy.resolve("models").resolve(runId).resolve("manifest.json")));
    }

    private static long count(JsonNode steps, String step, String kind, String name) {
        for (JsonNode s : steps) {
            if (s.get("step").asText().equals(step)) {
                for (JsonNode c : s.get("counts")) {
                    if (c.get("kind").asText().equals(kind) && c.get("name").asText().equals(name)) {
                        return c.get("rows").asLong();
                    }
                }
            }
        }
        throw new AssertionError("no " + kind + " count '" + name + "' for step " + step + " in " + steps);
    }

    private static long parquetRows(Path table) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM read_parquet('" + table.toAbsolutePath() + "/*.parquet')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long csvLines(Path folder) throws IOException {
        long lines = 0;
        try (Stream<Path> parts = Files.list(folder)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".csv")).toList()) {
                try (Stream<String> text = Files.lines(part)) {
                    lines += text.count();
                }
            }
        }
        return lines;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
