package dev.replenish.local.training;

import dev.replenish.core.model.ModelArchive;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The model artifact on the local lake: model.tar.gz read into and written from xgboost4j. */
public final class LocalModel {

    private LocalModel() {
    }

    /** Writes model.tar.gz beside a temporary name first, so a reader never sees half an archive. */
    public static void write(byte[] model, Path archive) {
        try {
            Files.createDirectories(archive.getParent());
            Path partial = archive.resolveSibling("." + archive.getFileName() + ".writing");
            try (OutputStream out = Files.newOutputStream(partial)) {
                ModelArchive.write(model, out, System.currentTimeMillis() / 1000);
            }
            Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + archive, e);
        }
    }

    /**
     * Loads the booster from model.tar.gz. XGBoost recognises the format from the bytes (UBJSON
     * from this trainer and from SageMaker's 3.0 container), not from a file extension.
     */
    public static Booster read(Path archive) {
        try (InputStream in = Files.newInputStream(archive)) {
            return XGBoost.loadModel(ModelArchive.read(in, archive.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + archive, e);
        } catch (XGBoostError e) {
            throw new IllegalStateException(archive + ": XGBoost cannot load its xgboost-model: " + e.getMessage(), e);
        }
    }
}
