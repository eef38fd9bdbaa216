package dev.replenish.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Which code produced an artifact, for its lineage: {@code git describe} of the checkout the
 * running classes were built in (with "-dirty" for uncommitted changes), else the project version
 * Maven recorded when it packaged the module, else "unknown".
 */
public final class CodeVersion {

    private static final long GIT_TIMEOUT_SECONDS = 5;

    private CodeVersion() {
    }

    public static String detect() {
        Path classes = classesLocation();
        if (classes == null) {
            return "unknown";
        }
        String described = gitDescribe(classes.getParent() == null ? classes : classes.getParent());
        if (described != null) {
            return "git " + described;
        }
        String version = mavenVersion(classes);
        return version != null ? "replenish " + version : "unknown";
    }

    private static Path classesLocation() {
        try {
            return Path.of(CodeVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }

    private static String gitDescribe(Path directory) {
        try {
            Process git = new ProcessBuilder("git", "-C", directory.toString(), "describe", "--always", "--dirty", "--tags")
                    .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(git.getInputStream().readAllBytes()).strip();
            if (!git.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                git.destroy();
                return null;
            }
            return git.exitValue() == 0 && !out.isEmpty() ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** target/maven-archiver/pom.properties, beside target/classes, written by mvn package. */
    private static String mavenVersion(Path classes) {
        Path properties = classes.resolveSibling("maven-archiver").resolve("pom.properties");
        if (!Files.isRegularFile(properties)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(properties)) {
            Properties values = new Properties();
            values.load(in);
            return values.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }
}
