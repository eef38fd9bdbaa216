package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.infra.functions.JavaFunction;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Wait;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

import java.util.Map;

import static dev.replenish.infra.pipeline.StateKit.name;

/**
 * Start the crawler, poll it until it has finished, then check the crawled tables against the
 * data contract (the handler fails naming the differing columns). The crawler handler events:
 * {"action":"start","runId"} -> {"startedAt"}; {"action":"status","runId","startedAt"} ->
 * {"state":"RUNNING|SUCCEEDED|FAILED","reason"}; {"action":"checkSchema","runId"} -> anything.
 */
final class CatalogStep extends StepConstruct {

    private static final PipelineStep STEP = PipelineStep.CATALOG;

    private final JavaFunction crawler;
    private final int pollSeconds;

    CatalogStep(Construct scope, StateKit kit, JavaFunction crawler, int pollSeconds) {
        super(scope, STEP, kit);
        this.crawler = crawler;
        this.pollSeconds = pollSeconds;
    }

    @Override
    public IChainable states(IChainable next) {
        LambdaInvoke start = kit.invoke(this, crawler, name(STEP, "start crawler"), Map.of(
                        "action", "start", "runId", JsonPath.stringAt("$.runId")),
                Map.of("startedAt", JsonPath.stringAt("$.Payload.startedAt")), "$.crawl");
        Wait wait = StateKit.poll(this, name(STEP, "wait for crawler"), pollSeconds);
        LambdaInvoke status = kit.invoke(this, crawler, name(STEP, "crawler status"), Map.of(
                        "action", "status", "runId", JsonPath.stringAt("$.runId"),
                        "startedAt", JsonPath.stringAt("$.crawl.startedAt")),
                Map.of("state", JsonPath.stringAt("$.Payload.state"), "reason", JsonPath.stringAt("$.Payload.reason")),
                "$.crawlStatus");
        LambdaInvoke checkSchema = kit.invoke(this, crawler, name(STEP, "check schema against contract"), Map.of(
                "action", "checkSchema", "runId", JsonPath.stringAt("$.runId")), null, JsonPath.DISCARD);
        Choice finished = Choice.Builder.create(this, name(STEP, "crawler finished?"))
                .stateName(name(STEP, "crawler finished?"))
                .build()
                .when(Condition.stringEquals("$.crawlStatus.state", "SUCCEEDED"), checkSchema.next(next))
                .when(Condition.stringEquals("$.crawlStatus.state", "RUNNING"), wait)
                .otherwise(kit.failed(this, name(STEP, "crawler failed"), "CrawlerFailed", "$.crawlStatus.reason"));
        return start.next(wait).next(status).next(finished);
    }
}
