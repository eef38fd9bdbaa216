package dev.replenish.sources.transactions;

import dev.replenish.sources.SourceError;

import java.nio.file.Path;
import java.util.Locale;

/** The file kinds a transactions export comes in; {@code auto} goes by the file's extension. */
public enum InputFormat {
    CSV, TSV, PARQUET, XLSX;

    /** The format named on the command line, or the one the extension says when it is "auto". */
    public static InputFormat of(String name, Path file) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.equals("auto")) {
            for (InputFormat format : values()) {
                if (format.name().toLowerCase(Locale.ROOT).equals(lower)) {
                    return format;
                }
            }
            throw new SourceError("--format " + name + " is not known; formats: auto, csv, tsv, parquet, xlsx");
        }
        String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String bare = fileName.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
        if (bare.endsWith(".csv") || bare.endsWith(".txt")) {
            return CSV;
        }
        if (bare.endsWith(".tsv") || bare.endsWith(".tab")) {
            return TSV;
        }
        if (fileName.endsWith(".parquet")) {
            return PARQUET;
        }
        if (fileName.endsWith(".xlsx")) {
            return XLSX;
        }
        throw new SourceError(file + ": cannot tell the format from the name; say --format csv, tsv, parquet or xlsx");
    }
}
