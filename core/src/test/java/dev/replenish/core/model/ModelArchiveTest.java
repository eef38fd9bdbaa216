package dev.replenish.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The archive against GNU tar, the tool SageMaker's own packaging and every reader agrees with. */
class ModelArchiveTest {

    @TempDir
    Path dir;

    private static String run(Path workDir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
        return output;
    }

    private byte[] model(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void gnuTarSeesExactlyOneEntryXgboostModelWithTheSameBytes() throws Exception {
        // GIVEN a model of a size that is not a multiple of the tar block
        byte[] model = model(70_001);
        Path archive = dir.resolve("model.tar.gz");
        try (OutputStream out = Files.newOutputStream(archive)) {
            ModelArchive.write(model, out, 1_700_000_000L);
        }
        // WHEN GNU tar lists and extracts it
        String listing = run(dir, "tar", "-tzf", archive.toString());
        Path extracted = Files.createDirectory(dir.resolve("out"));
        run(extracted, "tar", "-xzf", archive.toString());
        // THEN it holds exactly xgboost-model, byte for byte
        assertEquals(List.of("xgboost-model"), listing.lines().toList());
        assertArrayEquals(model, Files.readAllBytes(extracted.resolve("xgboost-model")));
    }

    @Test
    void anArchiveMadeByGnuTarReadsBackIncludingADotSlashName() throws Exception {
        // GIVEN xgboost-model packed by GNU tar as ./xgboost-model (with the ./ directory entry)
        byte[] model = model(1_234);
        Path folder = Files.createDirectory(dir.resolve("m"));
        Files.write(folder.resolve("xgboost-model"), model);
        run(folder, "tar", "-czf", dir.resolve("t.tar.gz").toString(), ".");
        // WHEN read THEN the model's bytes come back
        try (InputStream in = Files.newInputStream(dir.resolve("t.tar.gz"))) {
            assertArrayEquals(model, ModelArchive.read(in, "t.tar.gz"));
        }
    }

    @Test
    void anArchiveWithAnotherFileIsRejectedNamingIt() throws Exception {
        // GIVEN an archive holding xgboost-model and a stray file
        Path folder = Files.createDirectory(dir.resolve("m"));
        Files.write(folder.resolve("xgboost-model"), model(10));
        Files.writeString(folder.resolve("notes.txt"), "hello");
        run(folder, "tar", "-czf", dir.resolve("t.tar.gz").toString(), "xgboost-model", "notes.txt");
        // WHEN read THEN the error names the stray entry
        try (InputStream in = Files.newInputStream(dir.resolve("t.tar.gz"))) {
            IOException error = assertThrows(IOException.class, () -> ModelArchive.read(in, "t.tar.gz"));
            assertTrue(error.getMessage().contains("notes.txt"), error.getMessage());
        }
    }

    @Test
    void aTruncatedArchiveIsAnError() throws Exception {
        // GIVEN an archive cut short inside the model
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ModelArchive.write(model(5_000), bytes, 0);
        byte[] whole = bytes.toByteArray();
        byte[] tar = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(whole)).readAllBytes();
        java.io.ByteArrayOutputStream cut = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(cut)) {
            gzip.write(tar, 0, 2_048);
        }
        // WHEN read THEN it fails rather than returning part of a model
        assertThrows(IOException.class, () -> ModelArchive.read(new ByteArrayInputStream(cut.toByteArray()), "cut"));
    }
}
