package dev.replenish.core.ingest;

import java.util.List;

/**
 * One record of a raw CSV file, or the reason it could not be read as one.
 *
 * @param line    the physical line (1-based, the header is line 1) where the record starts
 * @param fields  the fields, unquoted; empty when {@code problem} is set
 * @param problem why the record is structurally broken, or null
 * @param rawText the record's text as it stood in the file (cut to a bounded length), for rejects
 */
public record CsvRecord(long line, List<String> fields, String problem, String rawText) {

    public boolean isBroken() {
        return problem != null;
    }
}
