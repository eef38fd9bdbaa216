package dev.replenish.local.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** File operations on the local lake directory (the stand-in for the S3 bucket). */
public final class LocalLake {

    private LocalLake() {
    }

    /** Deletes a file or a folder with everything under it; nothing happens when it is absent. */
    public static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("deleting " + p, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + path, e);
        }
    }

    /** Writes a file beside its name first and renames it over: a reader never sees half of it. */
    public static void replaceFile(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling("." + file.getFileName() + ".writing");
            Files.writeString(partial, text);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    /** The scratch folder of a step (intermediate tables no later step reads). */
    public static Path scratch(Path lakeRoot, String step) {
        return lakeRoot.resolve("tmp").resolve(step);
    }
}
