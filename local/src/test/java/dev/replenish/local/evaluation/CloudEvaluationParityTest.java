package dev.replenish.local.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.evaluation.ValidationOrder;
import dev.replenish.core.features.FeatureManifest;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.lambdas.evaluation.EvaluationGate;
import dev.replenish.lambdas.evaluation.GateDecision;
import dev.replenish.lambdas.evaluation.S3EvaluationLake;
import dev.replenish.lambdas.fakes.FakeS3;
import dev.replenish.local.Replenish;
import dev.replenish.local.TrainingLakeFixture;
import dev.replenish.local.registry.LocalModelRegistry;
import dev.replenish.local.sql.DuckDbSettings;
import dev.replenish.local.sql.DuckDbSqlEngine;
import dev.replenish.local.training.LocalModel;
import dev.replenish.local.training.TrainingFiles;
import dev.replenish.sql.evaluation.BaselineQuery;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cloud's evaluation gate and the local evaluate step must reach the same figures on the same
 * run. Here the cloud's inputs are made from the local lake in the shapes AWS writes them (the
 * batch transform's joined lines, Athena's gzipped headerless text with NULL as \N), from the same
 * model's predictions and the same SQL files; Athena and SageMaker themselves cannot run here.
 */
class CloudEvaluationParityTest {

    private static final String BUCKET = "replenish-lake-123";

    @TempDir
    Path lake;

    @Test
    void theCloudGateWritesTheSameMetricsAsTheLocalEvaluateStep() throws Exception {
        // GIVEN run r1's join output of 800 users, trained and evaluated locally
        TrainingLakeFixture.write(lake, "r1", 800, 11);
        execute("train", "--work", lake.toString());
        execute("evaluate", "--work", lake.toString());
        String local = Files.readString(lake.resolve("reports/r1/metrics.json"));

        // AND the same run's inputs as the cloud's evaluate step finds them in S3
        List<String> log = new ArrayList<>();
        FakeS3 s3 = new FakeS3(BUCKET, 3, log);
        s3.put(LakeLayout.featureManifest("r1"), Files.readString(lake.resolve(LakeLayout.featureManifest("r1"))));
        FeatureManifest manifest = TrainingFiles.featureManifest(lake, "r1");
        Booster booster = LocalModel.read(new LocalModelRegistry(lake).archive("r1"));
        try (DuckDbSqlEngine engine = DuckDbSqlEngine.open(lake, DuckDbSettings.forThisMachine())) {
            engine.registerTable(ValidationScoring.RELATION, LakeLayout.training("r1", "evaluation"));
            engine.registerTable("orders", LakeLayout.curated(InstacartTable.ORDERS));
            engine.registerTable("order_products_prior", LakeLayout.curated(InstacartTable.ORDER_PRODUCTS_PRIOR));
            // The transform's output: one "ids,label,probability" line per validation row, over two files.
            List<ValidationOrder> scored = ValidationScoring.score(engine, manifest, booster, "r1");
            StringBuilder[] files = {new StringBuilder(), new StringBuilder()};
            int line = 0;
            for (ValidationOrder order : scored) {
                for (int i = 0; i < order.candidates(); i++) {
                    files[line++ % 2].append(order.userId()).append(',').append(order.productIds()[i]).append(',')
                            .append(order.orderId()).append(',').append(order.reordered()[i] ? 1 : 0).append(',')
                            .append(order.probabilities()[i]).append('\n');
                }
            }
            s3.put(LakeLayout.evaluationScores("r1") + "part-00000.csv.out", files[0].toString());
            s3.put(LakeLayout.evaluationScores("r1") + "part-00001.csv.out", files[1].toString());
            // The join's whole target baskets, as Spark's CSV writer leaves them.
            s3.put(LakeLayout.evaluationTargets("r1") + "part-00000-x.csv",
                    Files.readString(lake.resolve(LakeLayout.evaluationTargets("r1")).resolve("part-00000-x.csv")));
            // Athena's CTAS of each baseline query: headerless text, NULL as \N, gzipped.
            for (BaselineQuery query : BaselineQuery.values()) {
                Path csv = lake.resolve(query.tableName() + ".csv");
                engine.execute("COPY (" + query.sql() + ") TO '" + DuckDbSqlEngine.sqlPath(csv)
                        + "' (FORMAT CSV, HEADER false, NULLSTR '\\N')");
                s3.put(LakeLayout.baselineInputs("r1", query.tableName()) + "20261123_000000_0.gz", gzip(Files.readAllBytes(csv)));
            }
        } finally {
            booster.dispose();
        }

        // WHEN the cloud's gate evaluates r1, with no model serving yet
        GateDecision decision = new EvaluationGate(new S3EvaluationLake(s3, BUCKET), Optional::empty).evaluate("r1", false);

        // THEN the metrics it writes are exactly the local step's, figure for figure, the whole-basket ones included
        ObjectMapper json = new ObjectMapper();
        assertTrue(json.readTree(local).has("next_basket"), local);
        assertEquals(json.readTree(local), json.readTree(s3.text("reports/r1/metrics.json")));
        // AND the first model deploys, carrying the run's manifest fingerprint
        assertTrue(decision.deploy(), decision.reason());
        assertEquals(manifest.fingerprint(), decision.manifestFingerprint());
        // AND every input came through S3, the gzipped text included
        for (String key : List.of(LakeLayout.featureManifest("r1"), LakeLayout.evaluationScores("r1") + "part-00001.csv.out",
                LakeLayout.evaluationTargets("r1") + "part-00000-x.csv",
                LakeLayout.baselineInputs("r1", "user_product_history") + "20261123_000000_0.gz",
                LakeLayout.baselineInputs("r1", "product_popularity") + "20261123_000000_0.gz")) {
            assertTrue(log.contains("s3 get " + key), key + " not read: " + log);
        }
    }

    private static void execute(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            assertEquals(0, Replenish.newCommandLine().execute(args), captured.toString());
        } finally {
            System.setOut(original);
        }
    }

    private static byte[] gzip(byte[] bytes) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

}
