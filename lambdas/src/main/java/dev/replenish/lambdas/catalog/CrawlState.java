package dev.replenish.lambdas.catalog;

/**
 * How the crawl a run started stands, as the state machine's choice reads it.
 *
 * @param state  RUNNING, SUCCEEDED or FAILED
 * @param reason Glue's message for a failed or cancelled crawl, else null
 */
public record CrawlState(String state, String reason) {

    public static CrawlState running() {
        return new CrawlState("RUNNING", null);
    }

    public static CrawlState succeeded() {
        return new CrawlState("SUCCEEDED", null);
    }

    public static CrawlState failed(String reason) {
        return new CrawlState("FAILED", reason);
    }
}
