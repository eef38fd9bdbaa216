package dev.replenish.infra;

import dev.replenish.infra.config.InfraConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuildArtifactsTest {

    @Test
    void aMissingJarIsNamedWithItsSettingAndTheBuildThatMakesIt() throws IOException {
        // GIVEN every artifact present except the Lambda jar
        Path dir = Files.createTempDirectory("artifacts");
        Path glueJar = Files.createFile(dir.resolve("glue.jar"));
        Path entry = Files.createFile(dir.resolve("entry.py"));
        Path web = Files.createDirectories(dir.resolve("web"));
        InfraConfig.Artifacts artifacts = new InfraConfig.Artifacts(dir.resolve("replenish-lambdas.jar"), glueJar, entry, entry, web, dir);

        // WHEN verified
        BuildArtifacts.MissingArtifactException error = assertThrows(BuildArtifacts.MissingArtifactException.class,
                () -> BuildArtifacts.verify(artifacts));

        // THEN the message names that jar, its context key and the build command, and nothing else
        assertTrue(error.getMessage().contains("replenish-lambdas.jar"), error.getMessage());
        assertTrue(error.getMessage().contains("replenish:artifacts.lambdaJar"), error.getMessage());
        assertTrue(error.getMessage().contains(BuildArtifacts.BUILD_COMMAND), error.getMessage());
        assertFalse(error.getMessage().contains("glue.jar"), error.getMessage());
    }

    @Test
    void presentArtifactsPass() throws IOException {
        // GIVEN every artifact present WHEN verified THEN nothing is reported
        Path dir = Files.createTempDirectory("artifacts");
        InfraConfig.Artifacts artifacts = new InfraConfig.Artifacts(Files.createFile(dir.resolve("l.jar")),
                Files.createFile(dir.resolve("g.jar")), Files.createFile(dir.resolve("e.py")), Files.createFile(dir.resolve("f.py")),
                Files.createDirectories(dir.resolve("web")), dir);
        assertDoesNotThrow(() -> BuildArtifacts.verify(artifacts));
    }
}
