package dev.replenish.local.ingest;

/**
 * What the catalog step found in one raw file. Every physical line is in exactly one count:
 * {@code physicalLines = headerLines + records + broken + blankLines + continuationLines}.
 *
 * @param file              the raw file's name, as rejects name it
 * @param physicalLines     lines in the file, counted from its line ends (CRLF, LF or lone CR), a last
 *                          line without one included
 * @param headerLines       the header line (1)
 * @param records           well-formed data records: the contract's number of columns, every field readable
 * @param broken            lines where a record could not be read (each costs the one line it began on)
 * @param blankLines        empty lines, which hold no record and are skipped
 * @param continuationLines lines after the first of well-formed records that span several lines
 *                          (a quoted field holding a line break)
 */
public record RawTableScan(String file, long physicalLines, long headerLines, long records, long broken,
                           long blankLines, long continuationLines) {

    /** The rows curation reads: well-formed records and broken lines, each accepted or rejected once. */
    public long curateInput() {
        return records + broken;
    }

    /** The sum that must equal {@link #physicalLines()}. */
    public long accountedLines() {
        return headerLines + records + broken + blankLines + continuationLines;
    }
}
