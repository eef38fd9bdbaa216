package dev.replenish.lambdas.catalog;

import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Crawler;
import software.amazon.awssdk.services.glue.model.CrawlerRunningException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetCrawlerRequest;
import software.amazon.awssdk.services.glue.model.GetCrawlerResponse;
import software.amazon.awssdk.services.glue.model.GetTableRequest;
import software.amazon.awssdk.services.glue.model.GetTableResponse;
import software.amazon.awssdk.services.glue.model.StartCrawlerRequest;
import software.amazon.awssdk.services.glue.model.StartCrawlerResponse;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;
import software.amazon.awssdk.services.glue.model.UpdateTableResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A GlueClient that records every request and answers from the crawler and tables it is given. */
final class FakeGlue implements GlueClient {

    final List<Object> requests = new ArrayList<>();
    final Map<String, Table> tables = new HashMap<>();
    Crawler crawler = Crawler.builder().name("replenish-raw").state("READY").build();
    boolean crawlerRunning;

    @Override
    public StartCrawlerResponse startCrawler(StartCrawlerRequest request) {
        requests.add(request);
        if (crawlerRunning) {
            throw CrawlerRunningException.builder().message("Crawler with name replenish-raw has already started").build();
        }
        return StartCrawlerResponse.builder().build();
    }

    @Override
    public GetCrawlerResponse getCrawler(GetCrawlerRequest request) {
        requests.add(request);
        return GetCrawlerResponse.builder().crawler(crawler).build();
    }

    @Override
    public GetTableResponse getTable(GetTableRequest request) {
        requests.add(request);
        Table table = tables.get(request.databaseName() + "." + request.name());
        if (table == null) {
            throw EntityNotFoundException.builder().message("Table " + request.name() + " not found").build();
        }
        return GetTableResponse.builder().table(table).build();
    }

    @Override
    public UpdateTableResponse updateTable(UpdateTableRequest request) {
        requests.add(request);
        return UpdateTableResponse.builder().build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
