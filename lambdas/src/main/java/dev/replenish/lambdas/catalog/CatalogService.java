package dev.replenish.lambdas.catalog;

import dev.replenish.core.contract.InstacartTable;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalog step in AWS: crawl raw/, then hold the crawled tables to the Instacart data contract
 * (the same {@link InstacartTable} the local catalog checks files against).
 */
public final class CatalogService {

    private final RawCatalog catalog;
    private final String rawTablePrefix;
    private final Clock clock;

    public CatalogService(RawCatalog catalog, String rawTablePrefix, Clock clock) {
        this.catalog = catalog;
        this.rawTablePrefix = rawTablePrefix;
        this.clock = clock;
    }

    /** Starts the crawl; returns the moment before it was asked for, from which its status is judged. */
    public Instant start() {
        Instant startedAt = clock.instant();
        catalog.startCrawl();
        return startedAt;
    }

    public CrawlState status(Instant startedAt) {
        return catalog.crawlSince(startedAt);
    }

    /**
     * Checks every contract table's crawled columns (names and order: the CSV SerDe reads by
     * position) and only then pins them all to the quoted-CSV SerDe; one error names every
     * difference of every table, so one look at raw/ fixes them all.
     *
     * @return the crawled tables, checked and pinned
     */
    public List<String> checkSchema() {
        List<String> problems = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        for (InstacartTable table : InstacartTable.values()) {
            String name = rawTablePrefix + table.tableName();
            tables.add(name);
            Optional<List<String>> crawled = catalog.columns(name);
            if (crawled.isEmpty()) {
                problems.add(name + ": not in the catalog (the crawler found no raw/" + table.tableName() + "/"
                        + table.fileName() + ")");
                continue;
            }
            difference(name, table, crawled.get()).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new SchemaMismatch("crawled raw tables differ from the data contract: " + String.join("; ", problems));
        }
        tables.forEach(catalog::pinToQuotedCsv);
        return tables;
    }

    private static Optional<String> difference(String name, InstacartTable table, List<String> crawled) {
        List<String> expected = table.columnNames();
        List<String> actual = crawled.stream().map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList();
        if (actual.equals(expected)) {
            return Optional.empty();
        }
        List<String> missing = expected.stream().filter(c -> !actual.contains(c)).toList();
        List<String> unexpected = actual.stream().filter(c -> !expected.contains(c)).toList();
        StringBuilder message = new StringBuilder(name + " (" + table.fileName() + "):");
        if (!missing.isEmpty()) {
            message.append(" missing columns ").append(missing);
        }
        if (!unexpected.isEmpty()) {
            message.append(" unexpected columns ").append(unexpected);
        }
        if (missing.isEmpty() && unexpected.isEmpty()) {
            message.append(" columns in the order ").append(actual).append(", the contract's is ").append(expected);
        }
        return Optional.of(message.toString());
    }
}
