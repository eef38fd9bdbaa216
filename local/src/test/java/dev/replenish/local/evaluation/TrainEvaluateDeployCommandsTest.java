package dev.replenish.local.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.evaluation.MetricsJson;
import dev.replenish.core.registry.ActiveModel;
import dev.replenish.core.registry.ModelManifest;
import dev.replenish.local.Replenish;
import dev.replenish.local.TrainingLakeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train, evaluate, deploy and models from the command line, after a (fabricated) join. */
class TrainEvaluateDeployCommandsTest {

    @TempDir
    Path lake;

    private String execute(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            int status = Replenish.newCommandLine().execute(args);
            assertEquals(0, status, captured.toString());
        } finally {
            System.setOut(original);
        }
        return captured.toString();
    }

    @Test
    void afterTheJoinTrainEvaluateAndDeployRunAsCommandsAndTheModelBeatsTheBaselines() throws Exception {
        // GIVEN a join output of 800 users
        TrainingLakeFixture.Written written = TrainingLakeFixture.write(lake, "r1", 800, 11);
        String work = lake.toString();
        // WHEN train, evaluate and deploy run as commands, the run id found from the lake
        String trained = execute("train", "--work", work);
        String evaluated = execute("evaluate", "--work", work);
        String deployed = execute("deploy", "--work", work);
        // THEN each step reported on run r1
        assertTrue(trained.contains("run r1") && trained.contains("model.tar.gz"), trained);
        assertTrue(evaluated.contains("beats every baseline"), evaluated);
        assertTrue(deployed.contains("becomes the active model"), deployed);

        // AND the report has metrics.json with the fixed keys and index.html with its figures
        JsonNode metrics = new ObjectMapper().readTree(lake.resolve("reports/r1/metrics.json").toFile());
        assertEquals(List.of("mean_f1", "auc", "logloss", "recall@10", "recall@20", "ndcg@10", "ndcg@20", "phr@10", "phr@20"),
                fieldNames(metrics.path("model")));
        assertEquals(List.of("repeat_last_order", "p_topfreq", "g_topfreq", "gp_topfreq", "threshold_0_5"),
                fieldNames(metrics.path("baselines")));
        String html = Files.readString(lake.resolve("reports/r1/index.html"));
        assertEquals(4, html.split("<svg ", -1).length - 1);
        assertTrue(html.contains(String.format(java.util.Locale.ROOT, "%,d validation orders", written.validationUsers())), html);

        // AND on this learnable data the model beats every baseline's mean F1, with a real AUC
        double modelF1 = metrics.path("model").path("mean_f1").asDouble();
        for (JsonNode baseline : iterable(metrics.path("baselines"))) {
            assertTrue(modelF1 > baseline.path("mean_f1").asDouble(), metrics.toPrettyString());
        }
        assertTrue(metrics.path("model").path("auc").asDouble() > 0.7, metrics.toPrettyString());

        // AND the manifest carries the same metrics, and the run is the active model
        ModelManifest manifest = ModelManifest.fromJson(Files.readString(lake.resolve("models/r1/manifest.json")), "m");
        assertEquals(MetricsJson.read(Files.readString(lake.resolve("reports/r1/metrics.json")), "metrics"),
                manifest.evaluation().metrics());
        ActiveModel active = ActiveModel.fromJson(Files.readString(lake.resolve(ActiveModel.KEY)), "active");
        assertEquals("r1", active.runId());
        assertEquals(modelF1, active.meanF1(), 1e-12);

        // AND `models` lists the run with its F1 and the active marker
        String listing = execute("models", "--work", work);
        String line = listing.lines().filter(l -> l.contains("r1")).findFirst().orElseThrow();
        assertTrue(line.startsWith("*") && line.contains(String.format(java.util.Locale.ROOT, "%.4f", modelF1))
                && line.contains("active"), listing);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        List<JsonNode> values = new java.util.ArrayList<>();
        node.elements().forEachRemaining(values::add);
        return values;
    }
}
