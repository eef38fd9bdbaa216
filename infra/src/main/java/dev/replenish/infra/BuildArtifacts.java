package dev.replenish.infra;

import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.functions.LambdaHandlers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files other modules build that the app packages as assets. CDK would fail on a missing one
 * with a bare "no such file"; this check names the artifact, the setting that points at it, and
 * the build that produces it.
 */
public final class BuildArtifacts {

    /** The build that produces every jar the app deploys. */
    public static final String BUILD_COMMAND = "mvn -q package -DskipTests";

    private BuildArtifacts() {
    }

    public static void verify(InfraConfig.Artifacts artifacts) {
        // file -> the context key that points at it
        Map<Path, String> files = new LinkedHashMap<>();
        for (LambdaHandlers.Jar jar : LambdaHandlers.Jar.values()) {
            files.put(artifacts.lambdaJarDir().resolve(jar.fileName()), "replenish:artifacts.lambdaJarDir");
        }
        files.put(artifacts.glueJobJar(), "replenish:artifacts.glueJobJar");
        files.put(artifacts.glueEntryScript(), "replenish:artifacts.glueEntryScript");
        files.put(artifacts.featureLoadEntryScript(), "replenish:artifacts.featureLoadEntryScript");
        List<String> missing = new ArrayList<>();
        files.forEach((path, key) -> {
            if (!Files.isRegularFile(path)) {
                missing.add(path + " (context " + key + ")");
            }
        });
        if (!Files.isDirectory(artifacts.webDir())) {
            missing.add(artifacts.webDir() + "/ (context replenish:artifacts.webDir)");
        }
        if (!missing.isEmpty()) {
            throw new MissingArtifactException("missing build artifact" + (missing.size() > 1 ? "s" : "") + ":\n  "
                    + String.join("\n  ", missing)
                    + "\nBuild them first, from the repository root: " + BUILD_COMMAND);
        }
    }

    public static final class MissingArtifactException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MissingArtifactException(String message) {
            super(message);
        }
    }
}
