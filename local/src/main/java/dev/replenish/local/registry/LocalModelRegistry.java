package dev.replenish.local.registry;

import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.model.ModelArchive;
import dev.replenish.core.registry.ActiveModel;
import dev.replenish.core.registry.ModelManifest;
import dev.replenish.local.UserError;
import dev.replenish.local.lake.LocalLake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The model registry on the local lake: {@code models/<run>/manifest.json} per run, and
 * {@code models/active.json} naming the active one. Every write replaces its file whole.
 */
public final class LocalModelRegistry {

    private final Path lakeRoot;

    public LocalModelRegistry(Path lakeRoot) {
        this.lakeRoot = lakeRoot;
    }

    public Path manifestFile(String runId) {
        return lakeRoot.resolve(LakeLayout.models(runId)).resolve(ModelManifest.FILE_NAME);
    }

    public Path archive(String runId) {
        return lakeRoot.resolve(LakeLayout.models(runId)).resolve(ModelArchive.FILE_NAME);
    }

    public void write(ModelManifest manifest) {
        LocalLake.replaceFile(manifestFile(manifest.runId()), manifest.toJson());
    }

    public ModelManifest read(String runId) {
        Path file = manifestFile(runId);
        try {
            return ModelManifest.fromJson(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new UserError("run " + runId + " has no model manifest at " + file + ": run the train step first");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    public Optional<ActiveModel> active() {
        Path file = lakeRoot.resolve(ActiveModel.KEY);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ActiveModel.fromJson(Files.readString(file), file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    public void activate(ActiveModel model) {
        LocalLake.replaceFile(lakeRoot.resolve(ActiveModel.KEY), model.toJson());
    }

    /** Every run with a manifest, oldest first. */
    public List<ModelManifest> runs() {
        Path models = lakeRoot.resolve("models");
        if (!Files.isDirectory(models)) {
            return List.of();
        }
        List<ModelManifest> runs = new ArrayList<>();
        try (Stream<Path> folders = Files.list(models)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                Path file = folder.resolve(ModelManifest.FILE_NAME);
                if (Files.isRegularFile(file)) {
                    runs.add(ModelManifest.fromJson(Files.readString(file), file.toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + models, e);
        }
        runs.sort(Comparator.comparing(ModelManifest::trainedAt).thenComparing(ModelManifest::runId));
        return runs;
    }
}
