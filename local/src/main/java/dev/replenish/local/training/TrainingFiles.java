package dev.replenish.local.training;

import dev.replenish.core.features.FeatureManifest;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.registry.ModelManifest;
import dev.replenish.local.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The join's CSV training input of one run: the part files Spark wrote under
 * {@code training/<run>/train/} and {@code validation/}, in name order. Spark's own bookkeeping
 * files beside them ({@code _SUCCESS}, {@code .part-*.crc}) are not data and are left out.
 *
 * @param train      training part files
 * @param validation validation part files
 */
public record TrainingFiles(List<Path> train, List<Path> validation) {

    public TrainingFiles {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    /** The feature manifest the join wrote for the run: the order of the CSV columns after the label. */
    public static FeatureManifest featureManifest(Path lakeRoot, String runId) {
        Path file = lakeRoot.resolve(LakeLayout.featureManifest(runId));
        try {
            return FeatureManifest.fromJson(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new UserError("no feature manifest at " + file + ": run the join step for run " + runId + " first");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    public static TrainingFiles of(Path lakeRoot, String runId) {
        return new TrainingFiles(parts(lakeRoot, runId, "train"), parts(lakeRoot, runId, "validation"));
    }

    private static List<Path> parts(Path lakeRoot, String runId, String split) {
        Path folder = lakeRoot.resolve(LakeLayout.training(runId, split));
        if (!Files.isDirectory(folder)) {
            throw new UserError("no " + split + " input at " + folder + ": run the join step for run " + runId + " first");
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> parts = files.filter(p -> p.getFileName().toString().endsWith(".csv"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
            if (parts.isEmpty()) {
                throw new UserError("no CSV part files under " + folder);
            }
            return parts;
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + folder, e);
        }
    }

    /**
     * Reads every file once: the SHA-256 over names and bytes, the row counts, and a check that
     * the first row of each file has the label plus {@code featureCount} columns, so a CSV that
     * does not follow the feature manifest stops training with the file named.
     */
    public ModelManifest.TrainingInput scan(int featureCount) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long trainRows = 0;
            for (Path file : train) {
                trainRows += scanFile(file, sha, featureCount);
            }
            long validationRows = 0;
            for (Path file : validation) {
                validationRows += scanFile(file, sha, featureCount);
            }
            return new ModelManifest.TrainingInput(HexFormat.of().formatHex(sha.digest()), trainRows, validationRows,
                    train.size() + validation.size());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long scanFile(Path file, MessageDigest sha, int featureCount) {
        sha.update((file.getParent().getFileName() + "/" + file.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
        long rows = 0;
        int firstLineFields = 1;
        boolean firstLine = true;
        byte last = '\n';
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                sha.update(buffer, 0, read);
                for (int i = 0; i < read; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        rows++;
                        firstLine = false;
                    } else if (firstLine && b == ',') {
                        firstLineFields++;
                    }
                }
                last = buffer[read - 1];
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        if (last != '\n') {
            rows++;
        }
        if (rows > 0 && firstLineFields != featureCount + 1) {
            throw new UserError(file + ": line 1 has " + firstLineFields + " columns; the feature manifest says the label plus "
                    + featureCount + " features");
        }
        return rows;
    }

    /**
     * The files as one xgboost text-data URI, the way SageMaker's container reads its channel:
     * {@code a.csv;b.csv?format=csv&label_column=0}. XGBoost's CSV parser reads an empty field as
     * a missing value, which is what the join writes for one.
     */
    static String csvUri(List<Path> files) {
        List<String> paths = new ArrayList<>();
        for (Path file : files) {
            String path = file.toAbsolutePath().toString();
            if (path.contains(";") || path.contains("?") || path.contains("#")) {
                throw new UserError(path + ": XGBoost's data URI cannot hold ';', '?' or '#' in a path; move the work directory");
            }
            paths.add(path);
        }
        return String.join(";", paths) + "?format=csv&label_column=0";
    }
}
