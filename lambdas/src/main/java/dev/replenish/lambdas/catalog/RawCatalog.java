package dev.replenish.lambdas.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The catalog of crawled raw tables and the crawler that fills it (Glue in AWS: {@link GlueRawCatalog}). */
public interface RawCatalog {

    /** Starts a crawl; fails when one is already running (two runs must not crawl at once). */
    void startCrawl();

    /** The state of the newest crawl that began at or after {@code startedAt}; RUNNING until there is one that ended. */
    CrawlState crawlSince(Instant startedAt);

    /** The crawled table's column names in order, or empty when the crawler made no such table. */
    Optional<List<String>> columns(String tableName);

    /** Reads the table as quoted CSV text: OpenCSVSerde, every column a string, header skipped. */
    void pinToQuotedCsv(String tableName);
}
