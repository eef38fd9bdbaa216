package dev.replenish.glue.lake;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The lake root as Spark and Hadoop see it: s3://bucket on Glue, a directory locally. */
public final class SparkLake {
    private final SparkSession spark;
    private final String root;

    public SparkLake(SparkSession spark, String root) {
        this.spark = spark;
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    public String uri(String key) {
        return root + "/" + key;
    }

    private FileSystem fileSystem() throws IOException {
        return FileSystem.get(URI.create(root.contains("://") ? root : "file://" + root),
                spark.sparkContext().hadoopConfiguration());
    }

    public boolean exists(String key) {
        try {
            return fileSystem().exists(new Path(uri(key)));
        } catch (IOException e) {
            throw new UncheckedIOException("looking for " + uri(key), e);
        }
    }

    public List<String> folders(String key) {
        try {
            FileSystem fs = fileSystem();
            Path folder = new Path(uri(key));
            if (!fs.exists(folder)) {
                return List.of();
            }
            return Arrays.stream(fs.listStatus(folder)).filter(FileStatus::isDirectory)
                    .map(status -> status.getPath().getName())
                    .filter(name -> !name.startsWith(".") && !name.startsWith("_"))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + uri(key), e);
        }
    }

    public void write(String key, String text) {
        try (FSDataOutputStream out = fileSystem().create(new Path(uri(key)), true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + uri(key), e);
        }
    }

    public String read(String key) {
        try (java.io.InputStream in = fileSystem().open(new Path(uri(key)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalStateException(uri(key) + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + uri(key), e);
        }
    }

    public void delete(String key) {
        try {
            fileSystem().delete(new Path(uri(key)), true);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + uri(key), e);
        }
    }
}
