package dev.replenish.lambdas.catalog;

import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Crawl;
import software.amazon.awssdk.services.glue.model.Crawler;
import software.amazon.awssdk.services.glue.model.CrawlerRunningException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.LastCrawlInfo;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link RawCatalog} on the Glue Data Catalog and the project's crawler. */
public final class GlueRawCatalog implements RawCatalog {

    /** Hive's CSV SerDe that honours quotes: products.csv quotes names containing commas. */
    static final String OPEN_CSV_SERDE = "org.apache.hadoop.hive.serde2.OpenCSVSerde";

    private final GlueClient glue;
    private final String crawlerName;
    private final String database;

    public GlueRawCatalog(GlueClient glue, String crawlerName, String database) {
        this.glue = glue;
        this.crawlerName = crawlerName;
        this.database = database;
    }

    @Override
    public void startCrawl() {
        try {
            glue.startCrawler(r -> r.name(crawlerName));
        } catch (CrawlerRunningException e) {
            // Its result would belong to whoever started it; this run cannot tell when its own data was read.
            throw new IllegalStateException("crawler " + crawlerName + " is already running (another pipeline run?); "
                    + "start this run again when it has finished", e);
        }
    }

    @Override
    public CrawlState crawlSince(Instant startedAt) {
        Crawler crawler = glue.getCrawler(r -> r.name(crawlerName)).crawler();
        LastCrawlInfo last = crawler.lastCrawl();
        // READY with no crawl since the start: Glue has not picked the request up yet.
        if (!"READY".equals(crawler.stateAsString()) || last == null || last.startTime() == null
                || last.startTime().isBefore(startedAt)) {
            return CrawlState.running();
        }
        return switch (last.statusAsString()) {
            case "SUCCEEDED" -> CrawlState.succeeded();
            case "CANCELLED" -> CrawlState.failed("crawl cancelled" + (last.errorMessage() == null ? "" : ": " + last.errorMessage()));
            default -> CrawlState.failed(last.errorMessage() == null
                    ? "crawl ended " + last.statusAsString() + " (see the /aws-glue/crawlers log stream " + last.logStream() + ")"
                    : last.errorMessage());
        };
    }

    @Override
    public Optional<List<String>> columns(String tableName) {
        try {
            Table table = glue.getTable(r -> r.databaseName(database).name(tableName)).table();
            return Optional.of(table.storageDescriptor().columns().stream().map(Column::name).toList());
        } catch (EntityNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * UpdateTable replaces the whole definition, so the table is read and written back with only
     * the SerDe, the column types (text: the curate SQL types and validates every field) and the
     * header setting changed.
     */
    @Override
    public void pinToQuotedCsv(String tableName) {
        Table table = glue.getTable(r -> r.databaseName(database).name(tableName)).table();
        StorageDescriptor crawled = table.storageDescriptor();
        Map<String, String> serdeParameters = new LinkedHashMap<>();
        serdeParameters.put("separatorChar", ",");
        serdeParameters.put("quoteChar", "\"");
        serdeParameters.put("escapeChar", "\\");
        StorageDescriptor pinned = crawled.toBuilder()
                .columns(crawled.columns().stream().map(c -> Column.builder().name(c.name()).type("string").build()).toList())
                .serdeInfo(SerDeInfo.builder().serializationLibrary(OPEN_CSV_SERDE).parameters(serdeParameters).build())
                .build();
        Map<String, String> parameters = new LinkedHashMap<>(table.parameters());
        parameters.put("skip.header.line.count", "1");
        TableInput input = TableInput.builder()
                .name(table.name())
                .description(table.description())
                .owner(table.owner())
                .retention(table.retention())
                .tableType(table.tableType())
                .partitionKeys(table.partitionKeys())
                .parameters(parameters)
                .storageDescriptor(pinned)
                .build();
        glue.updateTable(r -> r.databaseName(database).tableInput(input));
    }
}
