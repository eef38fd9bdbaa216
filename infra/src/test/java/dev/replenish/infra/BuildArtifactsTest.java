package dev.replenish.infra;

import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.functions.LambdaHandlers;
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
        // GIVEN every artifact present except the query functions' Lambda jar
        Path dir = Files.createTempDirectory("artifacts");
        Path lambdaJars = lambdaJars(dir);
        Files.delete(lambdaJars.resolve("replenish-lambdas-query.jar"));
        Path glueJar = Files.createFile(dir.resolve("glue.jar"));
        Path entry = Files.createFile(dir.resolve("entry.py"));
        Path web = Files.createDirectories(dir.resolve("web"));
        InfraConfig.Artifacts artifacts = new InfraConfig.Artifacts(lambdaJars, glueJar, entry, entry, web, dir);

        // WHEN verified
        BuildArtifacts.MissingArtifactException error = assertThrows(BuildArtifacts.MissingArtifactException.class,
                () -> BuildArtifacts.verify(artifacts));

        // THEN the message names that jar, its context key and the build command, and nothing else
        assertTrue(error.getMessage().contains("replenish-lambdas-query.jar"), error.getMessage());
        assertTrue(error.getMessage().contains("replenish:artifacts.lambdaJarDir"), error.getMessage());
        assertTrue(error.getMessage().contains(BuildArtifacts.BUILD_COMMAND), error.getMessage());
        assertFalse(error.getMessage().contains("replenish-lambdas-api.jar"), error.getMessage());
        assertFalse(error.getMessage().contains("glue.jar"), error.getMessage());
    }

    @Test
    void presentArtifactsPass() throws IOException {
        // GIVEN every artifact present WHEN verified THEN nothing is reported
        Path dir = Files.createTempDirectory("artifacts");
        InfraConfig.Artifacts artifacts = new InfraConfig.Artifacts(lambdaJars(dir),
                Files.createFile(dir.resolve("g.jar")), Files.createFile(dir.resolve("e.py")), Files.createFile(dir.resolve("f.py")),
                Files.createDirectories(dir.resolve("web")), dir);
        assertDoesNotThrow(() -> BuildArtifacts.verify(artifacts));
    }

    private static Path lambdaJars(Path dir) throws IOException {
        Path lambdaJars = Files.createDirectories(dir.resolve("lambdas"));
        for (LambdaHandlers.Jar jar : LambdaHandlers.Jar.values()) {
            Files.createFile(lambdaJars.resolve(jar.fileName()));
        }
        return lambdaJars;
    }
}
