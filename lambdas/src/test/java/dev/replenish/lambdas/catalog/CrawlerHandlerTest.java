package dev.replenish.lambdas.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.contract.InstacartTable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Crawler;
import software.amazon.awssdk.services.glue.model.GetCrawlerRequest;
import software.amazon.awssdk.services.glue.model.GetTableRequest;
import software.amazon.awssdk.services.glue.model.LastCrawlInfo;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StartCrawlerRequest;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrawlerHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private final FakeGlue glue = new FakeGlue();
    private final CrawlerHandler handler = new CrawlerHandler(new CatalogService(
            new GlueRawCatalog(glue, "replenish-raw", "replenish"), "raw_", Clock.fixed(NOW, ZoneOffset.UTC)));

    private JsonNode call(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static Table crawled(String name, List<String> columns) {
        return Table.builder().name(name).tableType("EXTERNAL_TABLE")
                .parameters(Map.of("classification", "csv", "skip.header.line.count", "1"))
                .storageDescriptor(StorageDescriptor.builder()
                        .location("s3://lake/raw/" + name.substring(4) + "/")
                        .inputFormat("org.apache.hadoop.mapred.TextInputFormat")
                        .columns(columns.stream().map(c -> Column.builder().name(c).type("bigint").build()).toList())
                        .serdeInfo(SerDeInfo.builder().serializationLibrary("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe")
                                .parameters(Map.of("field.delim", ",")).build())
                        .build())
                .build();
    }

    private void crawlEveryContractTable() {
        for (InstacartTable table : InstacartTable.values()) {
            glue.tables.put("replenish.raw_" + table.tableName(), crawled("raw_" + table.tableName(), table.columnNames()));
        }
    }

    @Test
    void startStartsTheProjectsCrawlerAndAnswersWhenItAskedForIt() throws Exception {
        // GIVEN an idle crawler WHEN the start action is called
        JsonNode answer = call("{\"action\": \"start\", \"runId\": \"run-1\"}");

        // THEN exactly one StartCrawler for the configured crawler was sent, and startedAt is the clock's now
        assertEquals(List.of(StartCrawlerRequest.builder().name("replenish-raw").build()), glue.requests);
        assertEquals(JSON.readTree("{\"startedAt\": \"2026-01-01T12:00:00Z\"}"), answer);
    }

    @Test
    void startingWhileTheCrawlerRunsFailsNamingTheCrawler() {
        // GIVEN a crawler another run has started
        glue.crawlerRunning = true;
        // WHEN started THEN the error says so
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> call("{\"action\": \"start\", \"runId\": \"r\"}"));
        assertTrue(error.getMessage().contains("crawler replenish-raw is already running"), error.getMessage());
    }

    @Test
    void statusIsRunningUntilACrawlBegunSinceTheStartHasEndedThenItsOutcome() throws Exception {
        String event = "{\"action\": \"status\", \"runId\": \"r\", \"startedAt\": \"2026-01-01T12:00:00Z\"}";
        // GIVEN the crawler still running
        glue.crawler = Crawler.builder().name("replenish-raw").state("RUNNING").build();
        assertEquals(JSON.readTree("{\"state\": \"RUNNING\", \"reason\": null}"), call(event));
        // GIVEN ready, but its last crawl is older than this run's start (the request not yet picked up)
        glue.crawler = Crawler.builder().name("replenish-raw").state("READY").lastCrawl(LastCrawlInfo.builder()
                .status("SUCCEEDED").startTime(NOW.minusSeconds(3600)).build()).build();
        assertEquals(JSON.readTree("{\"state\": \"RUNNING\", \"reason\": null}"), call(event));
        // GIVEN ready after a crawl of this run that succeeded, or failed
        glue.crawler = Crawler.builder().name("replenish-raw").state("READY").lastCrawl(LastCrawlInfo.builder()
                .status("SUCCEEDED").startTime(NOW.plusSeconds(2)).build()).build();
        assertEquals(JSON.readTree("{\"state\": \"SUCCEEDED\", \"reason\": null}"), call(event));
        glue.crawler = Crawler.builder().name("replenish-raw").state("READY").lastCrawl(LastCrawlInfo.builder()
                .status("FAILED").errorMessage("Access denied to s3://lake/raw/").startTime(NOW.plusSeconds(2)).build()).build();
        assertEquals(JSON.readTree("{\"state\": \"FAILED\", \"reason\": \"Access denied to s3://lake/raw/\"}"), call(event));

        // THEN every status was one GetCrawler of the project's crawler
        assertEquals(4, glue.requests.size());
        assertTrue(glue.requests.stream().allMatch(GetCrawlerRequest.builder().name("replenish-raw").build()::equals));
    }

    @Test
    void checkSchemaPinsEveryContractTableToOpenCsvSerdeWithTextColumnsKeepingTheRest() throws Exception {
        // GIVEN the crawler made all six raw tables with the contract's columns
        crawlEveryContractTable();

        // WHEN the schema is checked
        JsonNode answer = call("{\"action\": \"checkSchema\", \"runId\": \"r\"}");

        // THEN each table was updated once, in contract order, in the project database
        List<UpdateTableRequest> updates = glue.requests.stream()
                .filter(UpdateTableRequest.class::isInstance).map(UpdateTableRequest.class::cast).toList();
        assertEquals(InstacartTable.values().length, updates.size());
        List<String> names = new ArrayList<>();
        for (InstacartTable table : InstacartTable.values()) {
            names.add("raw_" + table.tableName());
        }
        assertEquals(names, updates.stream().map(u -> u.tableInput().name()).toList());
        assertTrue(updates.stream().allMatch(u -> u.databaseName().equals("replenish")));
        // AND the products update is exactly: quoted-CSV SerDe, text columns, header skipped, location kept
        UpdateTableRequest products = updates.get(InstacartTable.PRODUCTS.ordinal());
        TableInput expected = TableInput.builder()
                .name("raw_products").tableType("EXTERNAL_TABLE")
                .parameters(Map.of("classification", "csv", "skip.header.line.count", "1"))
                .storageDescriptor(StorageDescriptor.builder()
                        .location("s3://lake/raw/products/")
                        .inputFormat("org.apache.hadoop.mapred.TextInputFormat")
                        .columns(InstacartTable.PRODUCTS.columnNames().stream()
                                .map(c -> Column.builder().name(c).type("string").build()).toList())
                        .serdeInfo(SerDeInfo.builder().serializationLibrary("org.apache.hadoop.hive.serde2.OpenCSVSerde")
                                .parameters(Map.of("separatorChar", ",", "quoteChar", "\"", "escapeChar", "\\")).build())
                        .build())
                .build();
        assertEquals(UpdateTableRequest.builder().databaseName("replenish").tableInput(expected).build(), products);
        assertEquals(JSON.valueToTree(Map.of("tables", names)), answer);
    }

    @Test
    void checkSchemaFailsNamingEveryDifferingColumnAndMissingTableAndUpdatesNothing() {
        // GIVEN products crawled without aisle_id and with an extra column, orders with two columns
        // swapped, and no order_products_train table at all
        crawlEveryContractTable();
        glue.tables.put("replenish.raw_products", crawled("raw_products", List.of("product_id", "product_name", "department_id", "col4")));
        List<String> swapped = new ArrayList<>(InstacartTable.ORDERS.columnNames());
        java.util.Collections.swap(swapped, 3, 4);
        glue.tables.put("replenish.raw_orders", crawled("raw_orders", swapped));
        glue.tables.remove("replenish.raw_order_products_train");

        // WHEN checked
        SchemaMismatch error = assertThrows(SchemaMismatch.class, () -> call("{\"action\": \"checkSchema\", \"runId\": \"r\"}"));

        // THEN one message names each difference
        String message = error.getMessage();
        assertTrue(message.contains("raw_products (products.csv): missing columns [aisle_id] unexpected columns [col4]"), message);
        assertTrue(message.contains("raw_orders (orders.csv): columns in the order " + swapped), message);
        assertTrue(message.contains("raw_order_products_train: not in the catalog"), message);
        // AND no table was changed
        assertTrue(glue.requests.stream().allMatch(GetTableRequest.class::isInstance), glue.requests.toString());
    }

    @Test
    void anUnknownActionOrAMissingStartIsAnErrorNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> call("{\"action\": \"crawl\"}"))
                .getMessage().startsWith("field 'action': must be one of start, status, checkSchema"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> call("{\"action\": \"status\"}"))
                .getMessage().startsWith("field 'startedAt': is required"));
        assertTrue(glue.requests.isEmpty());
    }
}
