package dev.replenish.local.ingest;

/**
 * What the catalog step found in one raw file.
 *
 * @param file       the raw file's name, as rejects name it
 * @param records    data records read (header and blank lines excluded), broken ones included
 * @param broken     records that could not be split into the contract's columns
 * @param blankLines empty lines, which hold no record and are skipped
 */
public record RawTableScan(String file, long records, long broken, long blankLines) {
}
