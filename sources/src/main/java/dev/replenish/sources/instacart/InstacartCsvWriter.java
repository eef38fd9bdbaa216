package dev.replenish.sources.instacart;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.sources.SourceError;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the six Instacart files into a directory, headers from the contract, rows from
 * {@link InstacartRows} batches. Every source of the six files (the generator, the basket
 * importer) writes through this class, so there is one way to spell a Kaggle file.
 */
public final class InstacartCsvWriter implements Closeable {

    private final Path directory;
    private final Map<InstacartTable, OutputStream> files = new EnumMap<>(InstacartTable.class);
    private final Map<InstacartTable, Long> rowsWritten = new EnumMap<>(InstacartTable.class);

    private InstacartCsvWriter(Path directory) {
        this.directory = directory;
    }

    /** Creates the directory if needed and starts each file with its Kaggle header; existing files are replaced. */
    public static InstacartCsvWriter create(Path directory) {
        InstacartCsvWriter writer = new InstacartCsvWriter(directory);
        try {
            Files.createDirectories(directory);
            for (InstacartTable table : InstacartTable.values()) {
                // Rows arrive in large batches, so the stream needs no buffer of its own.
                OutputStream out = Files.newOutputStream(directory.resolve(table.fileName()));
                writer.files.put(table, out);
                writer.rowsWritten.put(table, 0L);
                out.write((table.headerLine() + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            writer.closeQuietly();
            throw new SourceError("cannot write the Instacart files into " + directory + ": " + e.getMessage(), e);
        }
        return writer;
    }

    /** Appends the batch to the files and empties it. */
    public void write(InstacartRows rows) {
        for (InstacartTable table : InstacartTable.values()) {
            int length = rows.length(table);
            if (length == 0) {
                continue;
            }
            try {
                files.get(table).write(rows.bytes(table), 0, length);
            } catch (IOException e) {
                throw new SourceError("cannot write " + directory.resolve(table.fileName()) + ": " + e.getMessage(), e);
            }
            rowsWritten.merge(table, rows.rowCount(table), Long::sum);
        }
        rows.clear();
    }

    /** Data rows written so far (headers not counted). */
    public long rowsWritten(InstacartTable table) {
        return rowsWritten.get(table);
    }

    /** One line per file: name, rows and size, for the command's summary. */
    public List<String> summaryLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (InstacartTable table : InstacartTable.values()) {
            Path file = directory.resolve(table.fileName());
            lines.add(String.format("%-28s %,13d rows %,10.1f MB", table.fileName(), rowsWritten(table),
                    Files.size(file) / 1e6));
        }
        return lines;
    }

    @Override
    public void close() {
        IOException first = null;
        for (Map.Entry<InstacartTable, OutputStream> file : files.entrySet()) {
            try {
                file.getValue().close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        files.clear();
        if (first != null) {
            throw new SourceError("cannot finish the Instacart files in " + directory + ": " + first.getMessage(), first);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (SourceError ignored) {
            // The original failure is the one worth reporting.
        }
    }
}
