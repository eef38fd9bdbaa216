package dev.replenish.local.training;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.model.ModelArchive;
import dev.replenish.core.registry.ModelManifest;
import dev.replenish.local.TrainingLakeFixture;
import dev.replenish.local.UserError;
import dev.replenish.local.pipeline.StepContext;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training with the real xgboost4j on a fabricated join output. */
class TrainStepTest {

    @TempDir
    Path lake;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private StepContext context(ReplenishConfig config) {
        return new StepContext(lake.resolve("raw"), lake, "r1", config, new PrintStream(output, true));
    }

    private static Path run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), out);
        return dir;
    }

    @Test
    void theFileInTheTarballLoadsBackWithoutAnExtensionAndPredictsIdentically() throws Exception {
        // GIVEN a model trained on the fixture, kept in memory
        TrainingLakeFixture.write(lake, "r1", 300, 1);
        TrainingFiles files = TrainingFiles.of(lake, "r1");
        XgboostTrainer.Trained trained = XgboostTrainer.train(files, ReplenishConfig.defaults().training(),
                new PrintStream(output, true));
        // WHEN it is written as model.tar.gz, and GNU tar extracts it as SageMaker's container does
        Path archive = lake.resolve("models/r1/model.tar.gz");
        LocalModel.write(trained.model(), archive);
        Path extracted = Files.createDirectories(lake.resolve("extracted"));
        run(extracted, "tar", "-xzf", archive.toString());
        Path file = extracted.resolve(ModelArchive.ENTRY_NAME);
        // THEN the archive holds only xgboost-model, in XGBoost 3's default format, UBJSON (not JSON text)
        assertEquals(List.of(ModelArchive.ENTRY_NAME), listing(extracted));
        byte[] bytes = Files.readAllBytes(file);
        assertEquals('{', bytes[0]);
        assertNotEquals('"', bytes[1], "UBJSON, not JSON text");
        // AND loaded by path with no extension (XGBoost sniffs the format) and from the archive,
        // both predict exactly what the in-memory booster predicts on the validation rows
        Booster byPath = XGBoost.loadModel(file.toString());
        Booster fromArchive = LocalModel.read(archive);
        DMatrix validation = XgboostTrainer.load(files.validation());
        float[][] expected = trained.booster().predict(validation);
        assertArrayEquals(expected, byPath.predict(validation));
        assertArrayEquals(expected, fromArchive.predict(validation));
        // AND it holds the best round only, as SageMaker's save_best does
        assertEquals(trained.outcome().bestIteration() + 1, fromArchive.getNumBoostedRound());
    }

    private static List<String> listing(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void emptyCsvFieldsAreMissingValuesNotZeros() throws Exception {
        // GIVEN CSV rows where the first feature is empty exactly when the label is 1, and 0 when it
        // is 0 (the second feature is noise): only "empty = missing" separates the classes
        Path dir = Files.createDirectories(lake.resolve("csv"));
        StringBuilder csv = new StringBuilder();
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 400; i++) {
            boolean positive = i % 2 == 0;
            csv.append(positive ? "1," : "0,0").append(',').append(random.nextInt(5)).append('\n');
        }
        Files.writeString(dir.resolve("part-0.csv"), csv.toString());
        // WHEN XGBoost's CSV reader loads it
        DMatrix matrix = XgboostTrainer.load(List.of(dir.resolve("part-0.csv")));
        // THEN the empty fields are not stored: 400 noise values + 200 zeros
        assertEquals(600, matrix.nonMissingNum());
        // AND a model trained on it tells a missing first feature (label 1) from a 0 (label 0)
        Map<String, Object> parameters = new HashMap<>(ReplenishConfig.defaults().training().xgboostParameters(1));
        Booster booster = XGBoost.train(matrix, parameters, 50, Map.of(), null, null);
        float[][] p = booster.predict(new DMatrix(new float[]{Float.NaN, 1, 0, 1}, 2, 2, Float.NaN));
        assertTrue(p[0][0] > 0.9 && p[1][0] < 0.1, "missing -> " + p[0][0] + ", zero -> " + p[1][0]);
    }

    @Test
    void theTrainStepWritesTheArchiveAndAManifestWithLineage() throws Exception {
        // GIVEN the fixture
        TrainingLakeFixture.Written written = TrainingLakeFixture.write(lake, "r1", 300, 2);
        ReplenishConfig config = ReplenishConfig.defaults();
        // WHEN the train step runs
        new TrainStep().run(context(config));
        // THEN the archive is there and the manifest counts every CSV row, skipping Spark's .crc and _SUCCESS
        assertTrue(Files.isRegularFile(lake.resolve("models/r1/model.tar.gz")));
        ModelManifest manifest = ModelManifest.fromJson(Files.readString(lake.resolve("models/r1/manifest.json")), "m");
        assertEquals(written.trainRows(), manifest.input().trainRows());
        assertEquals(written.validationRows(), manifest.input().validationRows());
        assertEquals(3, manifest.input().files());
        assertEquals(64, manifest.input().sha256().length());
        // AND it records the feature fingerprint, the configuration and the SageMaker hyper-parameters
        assertEquals(written.manifest().fingerprint(), manifest.featureManifestFingerprint());
        assertEquals(written.manifest().featureNames(), manifest.features());
        assertEquals(config, manifest.configuration());
        assertEquals(config.training().sageMakerHyperParameters(), manifest.hyperParameters());
        assertTrue(manifest.codeVersion().startsWith("git ") || manifest.codeVersion().startsWith("replenish "), manifest.codeVersion());
        assertNull(manifest.evaluation());
        // AND training watched validation logloss, and printed its progress
        assertEquals("logloss", manifest.training().stoppingMetric());
        assertTrue(manifest.training().bestIteration() < manifest.training().roundsRun());
        assertTrue(output.toString().contains("validation auc "), output.toString());
    }

    @Test
    void theSameInputGivesTheSameFingerprintAndADifferentInputAnother() throws Exception {
        // GIVEN two lakes from the same seed and one from another
        TrainingLakeFixture.write(lake.resolve("a"), "r1", 50, 7);
        TrainingLakeFixture.write(lake.resolve("b"), "r1", 50, 7);
        TrainingLakeFixture.write(lake.resolve("c"), "r1", 50, 8);
        int features = TrainingLakeFixture.FEATURES.size();
        // WHEN their inputs are scanned THEN equal data has equal fingerprints and different data does not
        String a = TrainingFiles.of(lake.resolve("a"), "r1").scan(features).sha256();
        assertEquals(a, TrainingFiles.of(lake.resolve("b"), "r1").scan(features).sha256());
        assertNotEquals(a, TrainingFiles.of(lake.resolve("c"), "r1").scan(features).sha256());
    }

    @Test
    void aCsvThatDoesNotFollowTheFeatureManifestStopsTrainingNamingTheFile() throws Exception {
        // GIVEN a validation part with one column too few
        TrainingLakeFixture.write(lake, "r1", 50, 3);
        Path part = lake.resolve("training/r1/validation/part-00000-x.csv");
        Files.writeString(part, "1,2,3\n");
        // WHEN the train step runs THEN it stops with the file and the column counts
        UserError error = assertThrows(UserError.class, () -> new TrainStep().run(context(ReplenishConfig.defaults())));
        assertTrue(error.getMessage().contains(part.toString()) && error.getMessage().contains("3 columns"), error.getMessage());
    }
}
