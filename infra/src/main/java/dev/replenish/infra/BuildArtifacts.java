package dev.replenish.infra;

import dev.replenish.infra.config.InfraConfig;

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
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("replenish:artifacts.lambdaJar", artifacts.lambdaJar());
        files.put("replenish:artifacts.glueJobJar", artifacts.glueJobJar());
        files.put("replenish:artifacts.glueEntryScript", artifacts.glueEntryScript());
        files.put("replenish:artifacts.featureLoadEntryScript", artifacts.featureLoadEntryScript());
        List<String> missing = new ArrayList<>();
        files.forEach((key, path) -> {
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
